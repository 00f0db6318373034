package dev.sluice.extractor;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.spec.model.SchemaContract;
import dev.sluice.spec.settings.Lookup;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What sources get from the service.
 *
 * @param configuration the service's settings by name (its environment), e.g. JDBC connections and template
 *                      variables {@code SLUICE_VAR_<NAME>}; returns {@code null} when unset
 * @param duckDb        the DuckDB resources of this runtime
 * @param s3            S3 access, created on first use (only S3 sources need it)
 * @param secrets       resolves secret references
 * @param httpClients   builds HTTP clients (tests plug in their own)
 * @param contract      the schema contract of the dataset being extracted, if it declares one
 * @param settingPrefix the prefix of setting names in errors, {@value #DEFAULT_SETTING_PREFIX} by default
 */
public record SourceContext(
        Lookup configuration,
        DuckDbResources duckDb,
        Supplier<S3Transfer> s3,
        SecretResolver secrets,
        Supplier<HttpClient.Builder> httpClients,
        Optional<SchemaContract> contract,
        String settingPrefix) {

    public static final String DEFAULT_SETTING_PREFIX = "extract.source";

    public SourceContext {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(duckDb, "duckDb");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(secrets, "secrets");
        httpClients = httpClients == null ? HttpClient::newBuilder : httpClients;
        contract = contract == null ? Optional.empty() : contract;
        settingPrefix = settingPrefix == null ? DEFAULT_SETTING_PREFIX : settingPrefix;
    }

    public SourceContext(Lookup configuration, DuckDbResources duckDb, Supplier<S3Transfer> s3,
            SecretResolver secrets) {
        this(configuration, duckDb, s3, secrets, null, Optional.empty(), null);
    }

    /** The same context reading its settings from {@code settings}, e.g. only those a plug-in declares. */
    public SourceContext withConfiguration(Lookup settings) {
        return new SourceContext(settings, duckDb, s3, secrets, httpClients, contract, settingPrefix);
    }

    /** The same context for a dataset with {@code contract} (or none). */
    public SourceContext withContract(SchemaContract contract) {
        return new SourceContext(configuration, duckDb, s3, secrets, httpClients, Optional.ofNullable(contract),
                settingPrefix);
    }

    /** The full name of a source setting, e.g. {@code extract.source.format}. */
    public String setting(String key) {
        return settingPrefix + "." + key;
    }
}
