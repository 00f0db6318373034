package dev.sluice.tracker.lambda;

import dev.sluice.tracker.TrackerFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.SqsBatchFunction;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.TrackerFunction::handleRequest}: an SQS event source on the tracker queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class TrackerFunction extends SqsBatchFunction {
    @Override
    protected MessageHandler messageHandler(ApplicationContext context) {
        return TrackerFactory.handler(serviceContext(context, TrackerFactory.SERVICE));
    }
}
