package dev.sluice.tracker.lambda;

import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.tracker.TrackerFactory;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.TrackerFunction::handleRequest}: an SQS event source on the tracker queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class TrackerFunction extends SqsBatchFunction {
    public TrackerFunction() {
        super(TrackerFactory.SERVICE);
    }

    @Override
    protected MessageHandler messageHandler(ServiceContext context) {
        return TrackerFactory.handler(context);
    }
}
