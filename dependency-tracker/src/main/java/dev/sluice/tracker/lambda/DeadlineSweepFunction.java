package dev.sluice.tracker.lambda;

import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.DependencyTracker;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.List;
import java.util.Map;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.DeadlineSweepFunction::handleRequest}, invoked by an
 * EventBridge schedule: raises late-input alerts (or releases partially) for overdue partitions.
 */
public class DeadlineSweepFunction extends MicronautRequestHandler<Map<String, Object>, String> {
    private volatile DependencyTracker tracker;

    @Override
    public String execute(Map<String, Object> scheduledEvent) {
        DependencyTracker t = tracker;
        if (t == null) {
            t = TrackerFactory.tracker(SqsBatchFunction.serviceContext(getApplicationContext(), TrackerFactory.SERVICE));
            tracker = t;
        }
        List<Decision> decisions = t.sweepDeadlines();
        return "swept: " + decisions.size() + " overdue partition(s)";
    }
}
