package dev.sluice.transformer.lambda;

import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.transformer.service.TransformerFactory;

/**
 * Lambda handler {@code dev.sluice.transformer.lambda.TransformerFunction::handleRequest}: an SQS event source on the transform queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class TransformerFunction extends SqsBatchFunction {
    public TransformerFunction() {
        super(TransformerFactory.SERVICE);
    }

    @Override
    protected MessageHandler messageHandler(ServiceContext context) {
        return TransformerFactory.runner(context);
    }
}
