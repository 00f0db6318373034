package dev.sluice.deploy;

import dev.sluice.spec.settings.Durations;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The settings of one environment's deployment: {@code deploy/environments/<env>.yaml}, a flat map of the settings
 * below (docs/deploy.md lists them with their defaults). Every value is typed and checked when the file is read; an
 * unknown key or a bad value is refused with the file, the key and the value.
 */
public record DeploySettings(
        String architecture,
        int trackerMemoryMb,
        int smallMemoryMb,
        int ephemeralStorageMb,
        Duration trackerTimeout,
        Duration stageTimeout,
        Duration visibilityTimeout,
        int maxReceiveCount,
        int trackerBatchSize,
        int trackerMaxConcurrency,
        int trackerReservedConcurrency,
        int stageBatchSize,
        int stageMaxConcurrency,
        int stageReservedConcurrency,
        int largeCpu,
        int largeMemoryMb,
        int largeMaxTasks,
        String largeRepository,
        Duration sweepInterval,
        int logRetentionDays,
        int stagingExpirationDays,
        Duration oldestMessageAlarm,
        String secretsPrefix,
        Map<String, String> teamPublishers) {

    private static final Pattern ARCH = Pattern.compile("x86_64|arm64");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9._/-]{1,255}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern SECRETS_PREFIX = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,200}/");
    /** The values CloudWatch Logs accepts as a retention, in days. */
    private static final Set<Integer> RETENTIONS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public static final SettingDef<String> ARCHITECTURE = SettingDef.matching("architecture", "arm64", ARCH,
            "the Lambda architecture, matching the service zips (arm64 costs about 20% less per GB-second)");
    public static final SettingDef<Integer> TRACKER_MEMORY = SettingDef.integer("lambda.trackerMemoryMb", 1024, 128, 10240,
            "memory of the tracker's and the deadline sweep's functions (MB)");
    public static final SettingDef<Integer> SMALL_MEMORY = SettingDef.integer("lambda.smallMemoryMb", 3008, 512, 10240,
            "memory of the extract, transform and load functions: the `small` size class (MB; DuckDB takes 75% of it)");
    public static final SettingDef<Integer> EPHEMERAL_STORAGE = SettingDef.integer("lambda.ephemeralStorageMb", 512, 512, 10240,
            "the stage functions' /tmp (MB): DuckDB's native library (about 72 MB) plus the stage's work space; "
                    + "SnapStart allows at most 512, so a larger value turns SnapStart off for the stage functions");
    public static final SettingDef<Duration> TRACKER_TIMEOUT = SettingDef.duration("lambda.trackerTimeout",
            Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(15), "timeout of the tracker's functions");
    public static final SettingDef<Duration> STAGE_TIMEOUT = SettingDef.duration("lambda.stageTimeout",
            Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15),
            "timeout of the stage functions; at most queue.visibilityTimeout");
    public static final SettingDef<Duration> VISIBILITY_TIMEOUT = SettingDef.duration("queue.visibilityTimeout",
            Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofHours(12),
            "the work queues' visibility timeout (the topology's); SQS event sources need it >= the function timeout");
    public static final SettingDef<Integer> MAX_RECEIVE_COUNT = SettingDef.integer("queue.maxReceiveCount", 5, 1, 1000,
            "receives before SQS moves a message to its DLQ (the topology's; also the functions' SLUICE_POLLER_MAX_RECEIVE_COUNT)");
    public static final SettingDef<Integer> TRACKER_BATCH = SettingDef.integer("tracker.batchSize", 10, 1, 10,
            "messages per invocation of the tracker's function");
    public static final SettingDef<Integer> TRACKER_MAX_CONCURRENCY = SettingDef.integer("tracker.maxConcurrency", 2, 2, 1000,
            "the tracker event source's maximum concurrency");
    public static final SettingDef<Integer> TRACKER_RESERVED = SettingDef.integer("tracker.reservedConcurrency", 5, 2, 1000,
            "reserved concurrency of the tracker's function; at least tracker.maxConcurrency");
    public static final SettingDef<Integer> STAGE_BATCH = SettingDef.integer("stage.batchSize", 1, 1, 10,
            "messages per invocation of a stage function (a stage's work is long: one at a time)");
    public static final SettingDef<Integer> STAGE_MAX_CONCURRENCY = SettingDef.integer("stage.maxConcurrency", 5, 2, 1000,
            "each stage event source's maximum concurrency");
    public static final SettingDef<Integer> STAGE_RESERVED = SettingDef.integer("stage.reservedConcurrency", 10, 2, 1000,
            "reserved concurrency of each stage function; at least stage.maxConcurrency");
    public static final SettingDef<Integer> LARGE_CPU = SettingDef.of("large.cpu", "integer", "4096", 4096,
            "one of 1024, 2048, 4096, 8192, 16384", "vCPU units of a `large` transform task (Fargate)",
            text -> {
                int n = Integer.parseInt(text);
                if (!Set.of(1024, 2048, 4096, 8192, 16384).contains(n)) {
                    throw new IllegalArgumentException();
                }
                return n;
            });
    public static final SettingDef<Integer> LARGE_MEMORY = SettingDef.integer("large.memoryMb", 16384, 2048, 122880,
            "memory of a `large` transform task (MiB; Fargate's cpu/memory pairs apply)");
    public static final SettingDef<Integer> LARGE_MAX_TASKS = SettingDef.integer("large.maxTasks", 4, 1, 100,
            "most `large` transform tasks at once; they scale from 0 on the transform-large queue's depth");
    public static final SettingDef<String> LARGE_REPOSITORY = SettingDef.matching("large.repository", "sluice-transformer",
            REPOSITORY, "the ECR repository of the transformer's image (with the specs in /specs), tag from the TransformerImageTag parameter");
    public static final SettingDef<Duration> SWEEP_INTERVAL = SettingDef.duration("sweep.interval", Duration.ofMinutes(1),
            Duration.ofMinutes(1), Duration.ofDays(1), "how often EventBridge invokes the deadline sweep (whole minutes)");
    public static final SettingDef<Integer> LOG_RETENTION = SettingDef.of("logs.retentionDays", "integer", "30", 30,
            "a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)", "how long the services' logs are kept",
            text -> {
                int n = Integer.parseInt(text);
                if (!RETENTIONS.contains(n)) {
                    throw new IllegalArgumentException();
                }
                return n;
            });
    public static final SettingDef<Integer> STAGING_EXPIRATION = SettingDef.integer("bucket.stagingExpirationDays", 7, 1, 3650,
            "days after which objects under staging/ expire (datasets/ is kept, with versioning)");
    public static final SettingDef<Duration> OLDEST_MESSAGE_ALARM = SettingDef.duration("alarms.oldestMessageAge",
            Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(14),
            "a work queue whose oldest message is older than this raises an alarm");
    public static final SettingDef<String> SECRETS_PREFIX_DEF = SettingDef.of("secrets.prefix", "string", "sluice/<env>/",
            null, "text matching " + SECRETS_PREFIX.pattern(),
            "the Secrets Manager names the services may read (their SLUICE_SECRETS_MANAGER_PREFIX and the roles' only secrets)",
            text -> {
                if (!SECRETS_PREFIX.matcher(text).matches()) {
                    throw new IllegalArgumentException();
                }
                return text;
            });
    public static final SettingDef<String> TEAM_PUBLISHER = SettingDef.of("teams.<NAME>.publisher", "string", null, null,
            "an IAM role ARN", "the only principal that may publish to team <NAME>'s ingress topic (docs/security.md); "
                    + "a team without one gets a topic nobody may publish to", text -> {
                if (!ROLE_ARN.matcher(text).matches()) {
                    throw new IllegalArgumentException();
                }
                return text;
            });

    public static final List<SettingDef<?>> DEFINITIONS = List.of(ARCHITECTURE, TRACKER_MEMORY, SMALL_MEMORY,
            EPHEMERAL_STORAGE, TRACKER_TIMEOUT, STAGE_TIMEOUT, VISIBILITY_TIMEOUT, MAX_RECEIVE_COUNT, TRACKER_BATCH,
            TRACKER_MAX_CONCURRENCY, TRACKER_RESERVED, STAGE_BATCH, STAGE_MAX_CONCURRENCY, STAGE_RESERVED, LARGE_CPU,
            LARGE_MEMORY, LARGE_MAX_TASKS, LARGE_REPOSITORY, SWEEP_INTERVAL, LOG_RETENTION, STAGING_EXPIRATION,
            OLDEST_MESSAGE_ALARM, SECRETS_PREFIX_DEF, TEAM_PUBLISHER);

    /** SnapStart's limit on a function's /tmp (MB). */
    public static final int SNAPSTART_MAX_EPHEMERAL_MB = 512;

    /** Whether the stage functions can have SnapStart with their /tmp. */
    public boolean stageSnapStart() {
        return ephemeralStorageMb <= SNAPSTART_MAX_EPHEMERAL_MB;
    }

    /**
     * The input a {@code small} transform may read on Lambda ({@code SLUICE_TRANSFORM_SMALL_MAX_INPUT}): a third of /tmp
     * after DuckDB's native library and some head room, as inputs, DuckDB's spill and the output share it.
     */
    public String smallMaxInput() {
        return Math.max(64, (ephemeralStorageMb - 128) / 3) + "MiB";
    }

    private static final Pattern TEAM_KEY = Pattern.compile("teams\\.([a-z0-9][a-z0-9-]{0,39})\\.publisher");

    /** The defaults of environment {@code env} (no settings file). */
    public static DeploySettings defaults(String env) {
        return from(Map.of(), env);
    }

    /** Reads {@code file}, a flat YAML map of the settings above. */
    public static DeploySettings load(Path file, String env) {
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deploy settings " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not YAML: " + e.getMessage(), e);
        }
        if (parsed == null) {
            return defaults(env);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected a map of settings, got " + parsed.getClass().getSimpleName());
        }
        Map<String, String> values = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException(file + ": " + k + ": expected a single value (the file is a flat map), got " + v);
            }
            values.put(String.valueOf(k), v == null ? null : String.valueOf(v));
        });
        try {
            return from(values, env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The settings {@code values} sets, checked; an unknown key is refused. */
    public static DeploySettings from(Map<String, String> values, String env) {
        for (String key : values.keySet()) {
            if (DEFINITIONS.stream().noneMatch(d -> d.covers(key)) || key.startsWith("teams.") && !TEAM_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: "
                        + DEFINITIONS.stream().map(SettingDef::name).toList());
            }
        }
        Lookup lookup = Lookup.of(values.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        Map<String, String> teams = new TreeMap<>();
        for (String key : values.keySet()) {
            var m = TEAM_KEY.matcher(key);
            if (m.matches()) {
                String value = lookup.get(key);
                if (value == null || value.isBlank()) {
                    throw new SettingException(key, value, "is not set; it must be " + TEAM_PUBLISHER.constraint());
                }
                try {
                    teams.put(m.group(1), TEAM_PUBLISHER.parse(value));
                } catch (SettingException e) {
                    throw new SettingException(key, value, "must be " + TEAM_PUBLISHER.constraint() + ", got '" + value.trim() + "'");
                }
            }
        }
        DeploySettings s = new DeploySettings(ARCHITECTURE.get(lookup), TRACKER_MEMORY.get(lookup), SMALL_MEMORY.get(lookup),
                EPHEMERAL_STORAGE.get(lookup), TRACKER_TIMEOUT.get(lookup), STAGE_TIMEOUT.get(lookup),
                VISIBILITY_TIMEOUT.get(lookup), MAX_RECEIVE_COUNT.get(lookup), TRACKER_BATCH.get(lookup),
                TRACKER_MAX_CONCURRENCY.get(lookup), TRACKER_RESERVED.get(lookup), STAGE_BATCH.get(lookup),
                STAGE_MAX_CONCURRENCY.get(lookup), STAGE_RESERVED.get(lookup), LARGE_CPU.get(lookup),
                LARGE_MEMORY.get(lookup), LARGE_MAX_TASKS.get(lookup), LARGE_REPOSITORY.get(lookup),
                SWEEP_INTERVAL.get(lookup), LOG_RETENTION.get(lookup), STAGING_EXPIRATION.get(lookup),
                OLDEST_MESSAGE_ALARM.get(lookup), SECRETS_PREFIX_DEF.getOrElse(lookup, "sluice/" + env + "/"), teams);
        s.check(values);
        return s;
    }

    private void check(Map<String, String> values) {
        Duration longest = trackerTimeout.compareTo(stageTimeout) > 0 ? trackerTimeout : stageTimeout;
        if (visibilityTimeout.compareTo(longest) < 0) {
            throw new SettingException(VISIBILITY_TIMEOUT.name(), Durations.format(visibilityTimeout),
                    "must be at least the longest function timeout (" + Durations.format(longest)
                            + "): SQS refuses an event source whose queue hides a message for less time than the function may run, got '"
                            + Optional.ofNullable(values.get(VISIBILITY_TIMEOUT.name())).orElse(Durations.format(visibilityTimeout)) + "'");
        }
        if (trackerReservedConcurrency < trackerMaxConcurrency) {
            throw TRACKER_RESERVED.invalid(trackerReservedConcurrency + " (below tracker.maxConcurrency " + trackerMaxConcurrency + ")");
        }
        if (stageReservedConcurrency < stageMaxConcurrency) {
            throw STAGE_RESERVED.invalid(stageReservedConcurrency + " (below stage.maxConcurrency " + stageMaxConcurrency + ")");
        }
        if (sweepInterval.toSeconds() % 60 != 0) {
            throw SWEEP_INTERVAL.invalid(Durations.format(sweepInterval) + " (not whole minutes)");
        }
    }
}
