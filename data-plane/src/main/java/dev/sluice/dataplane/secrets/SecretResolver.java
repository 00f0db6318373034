package dev.sluice.dataplane.secrets;

/**
 * Turns a secret reference from the configuration, such as {@code env:API_TOKEN} or
 * {@code secretsmanager:prod/warehouse#password}, into its value. Specs and settings hold references only, never
 * values.
 *
 * <p>Failures are {@link dev.sluice.dataplane.InvalidSettingsException} (a bad or unknown reference; not
 * retryable) or {@code SourceUnavailable} (the store cannot be reached; retryable).
 * Their messages name the reference, never a value.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * @param setting   the setting that holds the reference, for error messages
     * @param reference the reference, {@code <scheme>:<id>}
     */
    Secret resolve(String setting, String reference);
}
