package dev.sluice.tracker.lambda;

import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.TrackerOperations;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.List;
import java.util.Map;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.DeadlineSweepFunction::handleRequest}, invoked by an
 * EventBridge schedule: raises late-input alerts (or releases partially) for overdue partitions.
 */
public class DeadlineSweepFunction extends MicronautRequestHandler<Map<String, Object>, String> {
    private volatile TrackerOperations operations;

    @Override
    public String execute(Map<String, Object> scheduledEvent) {
        TrackerOperations ops = operations;
        if (ops == null) {
            ops = TrackerFactory.operations(SqsBatchFunction.serviceContext(getApplicationContext(), TrackerFactory.SERVICE));
            operations = ops;
        }
        List<Decision> decisions = ops.sweepDeadlines();
        return "swept: " + decisions.size() + " overdue partition(s)";
    }
}
