package dev.sluice.extractor.lambda;

import dev.sluice.extractor.service.ExtractorFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.SqsBatchFunction;
import io.micronaut.context.ApplicationContext;

/**
 * Lambda handler {@code dev.sluice.extractor.lambda.ExtractorFunction::handleRequest}: an SQS event source on the extract queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class ExtractorFunction extends SqsBatchFunction {
    @Override
    protected MessageHandler messageHandler(ApplicationContext context) {
        return ExtractorFactory.runner(serviceContext(context, ExtractorFactory.SERVICE));
    }
}
