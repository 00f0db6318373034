package dev.sluice.tracker;

import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOperations;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Builds the tracker core from a service context; used by both runtimes and by the ops CLI. */
public final class TrackerFactory {
    public static final String SERVICE = "dependency-tracker";
    public static final String PUBLISH_LEASE = "SLUICE_TRACKER_PUBLISH_LEASE";
    public static final String SWEEP_INTERVAL = "SLUICE_TRACKER_SWEEP_INTERVAL";

    private TrackerFactory() {
    }

    public static DependencyTracker tracker(ServiceContext context) {
        DynamoDbTrackerStore store = new DynamoDbTrackerStore(context.aws().dynamoDb(),
                context.resources().table(TableRole.DATASET_VERSIONS), context.resources().table(TableRole.RELEASES));
        TrackerOptions options = new TrackerOptions(duration(context, PUBLISH_LEASE, "PT30S"), TrackerOptions.DEFAULTS.maxAttempts());
        return new DependencyTracker(context.specs(), store, context.publisher(), context.clock(), options);
    }

    /** The operations API (deadline sweep, force-release, status) over the same core. */
    public static TrackerOperations operations(ServiceContext context) {
        return new TrackerOperations(tracker(context));
    }

    public static TrackerHandler handler(ServiceContext context) {
        return new TrackerHandler(tracker(context), context.codec());
    }

    public static Duration sweepInterval(ServiceContext context) {
        return duration(context, SWEEP_INTERVAL, "PT1M");
    }

    private static Duration duration(ServiceContext context, String name, String defaultValue) {
        String value = context.settings().get(name, defaultValue);
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive ISO-8601 duration, got '" + value + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT30S, got '" + value + "'", e);
        }
    }
}
