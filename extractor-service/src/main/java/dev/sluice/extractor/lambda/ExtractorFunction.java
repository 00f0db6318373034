package dev.sluice.extractor.lambda;

import dev.sluice.extractor.service.ExtractorFactory;
import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;

/**
 * Lambda handler {@code dev.sluice.extractor.lambda.ExtractorFunction::handleRequest}: an SQS event source on the extract queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class ExtractorFunction extends SqsBatchFunction {
    public ExtractorFunction() {
        super(ExtractorFactory.SERVICE);
    }

    @Override
    protected MessageHandler messageHandler(ServiceContext context) {
        return ExtractorFactory.runner(context);
    }
}
