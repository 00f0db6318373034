package dev.sluice.tracker;

import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOperations;

/**
 * Container mode: long-polls the tracker queue and runs the deadline sweep on a schedule.
 * In AWS the same core runs as {@link dev.sluice.tracker.lambda.TrackerFunction} plus an EventBridge
 * schedule invoking {@link dev.sluice.tracker.lambda.DeadlineSweepFunction}.
 */
public final class TrackerService {
    private TrackerService() {
    }

    /** Starts the tracker's consumer and sweep on {@code context}; close the result to stop. */
    public static ContainerService start(ServiceContext context) {
        DependencyTracker tracker = TrackerFactory.tracker(context);
        TrackerOperations operations = new TrackerOperations(tracker);
        return new ContainerService(context)
                .consume(QueueRole.TRACKER, new TrackerHandler(tracker, context.codec(), TrackerFactory.ingressPolicy(context), TrackerFactory.metrics(context)))
                .every(TrackerFactory.sweepInterval(context), "deadline-sweep", operations::sweepDeadlines)
                .start();
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceContext context = ServiceContext.fromEnvironment(TrackerFactory.SERVICE);
        start(context).runUntilShutdown();
    }
}
