package dev.sluice.tracker.lambda;

import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.DependencyTracker;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.DeadlineSweepFunction::handleRequest}, invoked by an
 * EventBridge schedule: raises late-input alerts (or releases partially) for overdue partitions.
 */
public class DeadlineSweepFunction extends MicronautRequestHandler<Map<String, Object>, String> {
    @Inject
    DependencyTracker tracker;

    @Override
    public String execute(Map<String, Object> scheduledEvent) {
        List<Decision> decisions = tracker.sweepDeadlines();
        return "swept: " + decisions.size() + " overdue partition(s)";
    }
}
