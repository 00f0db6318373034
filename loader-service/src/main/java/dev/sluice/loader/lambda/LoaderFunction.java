package dev.sluice.loader.lambda;

import dev.sluice.loader.service.LoaderFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.SqsBatchFunction;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler {@code dev.sluice.loader.lambda.LoaderFunction::handleRequest}: an SQS event source on the load queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class LoaderFunction extends SqsBatchFunction {
    @Override
    protected MessageHandler messageHandler(ApplicationContext context) {
        return LoaderFactory.handler(serviceContext(context, LoaderFactory.SERVICE));
    }
}
