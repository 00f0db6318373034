package dev.sluice.extractor.lambda;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.extractor.service.ExtractorFactory;
import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import java.util.List;

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

    /** SnapStart priming: DuckDB's native library is the largest part of a stage's first message. */
    @Override
    protected void primeService(ServiceContext context, List<String> warmed) {
        DuckDbSession.prime();
        warmed.add("DuckDB native library");
    }
}
