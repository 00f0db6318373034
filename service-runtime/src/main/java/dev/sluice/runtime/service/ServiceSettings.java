package dev.sluice.runtime.service;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings every service reads, declared once with names, defaults and constraints:
 *
 * <table>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_ENV}</td><td>{@code local}</td><td>environment name, the prefix of every AWS resource</td></tr>
 *   <tr><td>{@code SLUICE_SPECS_DIR}</td><td>{@code specs}</td><td>the pipeline spec directory (validated at startup)</td></tr>
 * </table>
 * Plus the standard AWS settings ({@link dev.sluice.runtime.aws.AwsSettings}) and the poller's
 * ({@link dev.sluice.runtime.messaging.PollerOptions}), all read through the same lookup.
 *
 * @param lookup the source of every setting (environment, then system properties; or a map in tests)
 */
public record ServiceSettings(String service, String env, Path specsDir, Function<String, String> lookup) {
    public static final String ENV = "SLUICE_ENV";
    public static final String SPECS_DIR = "SLUICE_SPECS_DIR";

    public ServiceSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(specsDir, "specsDir");
    }

    /** Environment variables first, then system properties. */
    public static ServiceSettings fromEnvironment(String service) {
        return from(service, name -> {
            String v = System.getenv(name);
            return v != null ? v : System.getProperty(name);
        });
    }

    public static ServiceSettings fromMap(String service, Map<String, String> settings) {
        return from(service, settings::get);
    }

    public static ServiceSettings from(String service, Function<String, String> lookup) {
        String env = orDefault(lookup.apply(ENV), "local");
        String specs = orDefault(lookup.apply(SPECS_DIR), "specs");
        return new ServiceSettings(service, env, Path.of(specs), lookup);
    }

    /** A setting's value, or {@code defaultValue} when unset or blank. */
    public String get(String name, String defaultValue) {
        return orDefault(lookup.apply(name), defaultValue);
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
