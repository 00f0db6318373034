package dev.sluice.runtime.service;

import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every service reads, each declared once ({@link #DEFINITIONS}) and read when the service starts:
 *
 * <table>
 *   <caption>Service settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_ENV}</td><td>{@code local}</td><td>environment name, the prefix of every AWS resource</td></tr>
 *   <tr><td>{@code SLUICE_SPECS_DIR}</td><td>{@code specs}</td><td>the pipeline spec directory (validated at startup)</td></tr>
 *   <tr><td>{@code SLUICE_WORK_DIR}</td><td>{@code <java.io.tmpdir>/sluice-<stage>}</td><td>a stage's local work
 *       space (an absolute path)</td></tr>
 *   <tr><td>{@code SLUICE_STAGE_LEASE}</td><td>{@code 15m}</td><td>how long a stage attempt holds its
 *       {@code (runId, stage)} claim</td></tr>
 * </table>
 * Plus the standard AWS settings ({@link dev.sluice.runtime.aws.AwsSettings}) and the poller's
 * ({@link dev.sluice.runtime.messaging.PollerOptions}), all read through the same {@link Lookup}.
 *
 * @param lookup the source of every setting (environment, then system properties; or a map in tests)
 */
public record ServiceSettings(String service, String env, Path specsDir, Duration stageLease, Lookup lookup) {
    public static final String ENV = "SLUICE_ENV";
    public static final String SPECS_DIR = "SLUICE_SPECS_DIR";
    public static final String WORK_DIR = "SLUICE_WORK_DIR";
    public static final String STAGE_LEASE = "SLUICE_STAGE_LEASE";

    public static final SettingDef<String> ENV_SETTING = SettingDef.string(ENV, "local",
            "environment name: every topic, queue, table and bucket is <env>-sluice-<role>");
    public static final SettingDef<Path> SPECS_DIR_SETTING = SettingDef.path(SPECS_DIR, "specs",
            "the pipeline specs; a service refuses to start on any spec error");
    public static final SettingDef<Path> WORK_DIR_SETTING = SettingDef.absolutePath(WORK_DIR,
            "<java.io.tmpdir>/sluice-<stage>", "a stage's local work space: downloads, staged files, one directory per run");
    public static final SettingDef<Duration> STAGE_LEASE_SETTING = SettingDef.duration(STAGE_LEASE,
            Duration.ofMinutes(15), Duration.ofSeconds(10), Duration.ofHours(12),
            "how long a stage attempt holds its (runId, stage) claim before another worker may take it over");

    /** Every service setting. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(ENV_SETTING, SPECS_DIR_SETTING, WORK_DIR_SETTING,
            STAGE_LEASE_SETTING);

    public ServiceSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(specsDir, "specsDir");
        Objects.requireNonNull(stageLease, "stageLease");
        Objects.requireNonNull(lookup, "lookup");
    }

    /** Environment variables first, then system properties. */
    public static ServiceSettings fromEnvironment(String service) {
        return from(service, Lookup.environment());
    }

    public static ServiceSettings fromMap(String service, Map<String, String> settings) {
        return from(service, Lookup.of(settings));
    }

    /**
     * Reads and checks the settings through {@code lookup}.
     *
     * @throws dev.sluice.spec.settings.SettingException naming the setting and the value when one is bad
     */
    public static ServiceSettings from(String service, Lookup lookup) {
        return new ServiceSettings(service, ENV_SETTING.get(lookup), SPECS_DIR_SETTING.get(lookup),
                STAGE_LEASE_SETTING.get(lookup), lookup);
    }

    /** The work directory of a stage: {@code SLUICE_WORK_DIR}, else {@code <java.io.tmpdir>/<defaultName>}. */
    public static Path workDir(Lookup lookup, String defaultName) {
        return WORK_DIR_SETTING.getOrElse(lookup, Path.of(System.getProperty("java.io.tmpdir"), defaultName).toAbsolutePath());
    }

    /** This service's work directory: {@code SLUICE_WORK_DIR}, else {@code <java.io.tmpdir>/<defaultName>}. */
    public Path workDir(String defaultName) {
        return workDir(lookup, defaultName);
    }
}
