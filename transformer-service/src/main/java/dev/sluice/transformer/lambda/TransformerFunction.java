package dev.sluice.transformer.lambda;

import dev.sluice.transformer.service.TransformerFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.SqsBatchFunction;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler {@code dev.sluice.transformer.lambda.TransformerFunction::handleRequest}: an SQS event source on the transform queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class TransformerFunction extends SqsBatchFunction {
    @Override
    protected MessageHandler messageHandler(ApplicationContext context) {
        return TransformerFactory.runner(serviceContext(context, TransformerFactory.SERVICE));
    }
}
