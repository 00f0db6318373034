package dev.sluice.tracker;

import dev.sluice.runtime.metrics.Metrics;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOperations;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.core.TrackerTiming;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import java.time.Duration;
import java.util.List;

/** Builds the tracker core from a service context; used by both runtimes and by the ops CLI. */
public final class TrackerFactory {
    public static final String SERVICE = "dependency-tracker";
    public static final String PUBLISH_LEASE = "SLUICE_TRACKER_PUBLISH_LEASE";
    public static final String SWEEP_INTERVAL = "SLUICE_TRACKER_SWEEP_INTERVAL";

    public static final SettingDef<Duration> PUBLISH_LEASE_SETTING = SettingDef.duration(PUBLISH_LEASE,
            Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(24),
            "how long a release winner may take to publish before a redelivery publishes the same runId");
    public static final SettingDef<Duration> SWEEP_INTERVAL_SETTING = SettingDef.duration(SWEEP_INTERVAL,
            Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofHours(24),
            "how often the container tracker sweeps deadlines and publishes the clocks' due ticks");
    public static final String MAX_VERSION_JUMP = "SLUICE_TRACKER_MAX_VERSION_JUMP";
    public static final SettingDef<Long> MAX_VERSION_JUMP_SETTING = SettingDef.of(MAX_VERSION_JUMP, "integer",
            Long.toString(TrackerOptions.DEFAULT_MAX_VERSION_JUMP), TrackerOptions.DEFAULT_MAX_VERSION_JUMP, "an integer >= 1",
            "how far ahead of a partition's recorded version a data-ready version may be", text -> {
                long value = Long.parseLong(text.trim());
                if (value < 1) {
                    throw new IllegalArgumentException("must be >= 1");
                }
                return value;
            });
    /** The tracker's own settings. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(PUBLISH_LEASE_SETTING, SWEEP_INTERVAL_SETTING,
            MAX_VERSION_JUMP_SETTING);

    private TrackerFactory() {
    }

    public static DependencyTracker tracker(ServiceContext context) {
        DynamoDbTrackerStore store = new DynamoDbTrackerStore(context.aws().dynamoDb(),
                context.resources().table(TableRole.DATASET_VERSIONS), context.resources().table(TableRole.RELEASES));
        TrackerOptions options = new TrackerOptions(PUBLISH_LEASE_SETTING.get(context.settings().lookup()),
                TrackerOptions.DEFAULTS.maxAttempts(), MAX_VERSION_JUMP_SETTING.get(context.settings().lookup()));
        TrackerTiming.check(options.publishLease(), context.pollerOptions().visibilityTimeout(),
                context.pollerOptions().maxReceiveCount(), TrackerHandler.LEASE_MARGIN);
        return new DependencyTracker(context.specs(), store, context.publisher(), context.clock(), options);
    }

    /** Who may publish which data-ready events in this environment. */
    public static IngressPolicy ingressPolicy(ServiceContext context) {
        return new IngressPolicy(context.specs(), context.resources().names());
    }

    /** The operations API (deadline sweep, force-release, status) over the same core. */
    public static TrackerOperations operations(ServiceContext context) {
        return new TrackerOperations(tracker(context));
    }

    public static TrackerHandler handler(ServiceContext context) {
        return new TrackerHandler(tracker(context), context.codec(), ingressPolicy(context), metrics(context));
    }

    /** The tracker's metrics (CloudWatch EMF on standard output). */
    public static Metrics metrics(ServiceContext context) {
        return Metrics.standardOutput(context.settings().env(), SERVICE);
    }

    public static Duration sweepInterval(ServiceContext context) {
        return SWEEP_INTERVAL_SETTING.get(context.settings().lookup());
    }
}
