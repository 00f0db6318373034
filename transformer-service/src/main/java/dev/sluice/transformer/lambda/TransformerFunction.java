package dev.sluice.transformer.lambda;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.transformer.service.TransformerFactory;
import java.util.List;

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

    /** SnapStart priming: DuckDB's native library is the largest part of a stage's first message. */
    @Override
    protected void primeService(ServiceContext context, List<String> warmed) {
        DuckDbSession.prime();
        warmed.add("DuckDB native library");
    }
}
