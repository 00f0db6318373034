package dev.sluice.loader.lambda;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.loader.service.LoaderFactory;
import dev.sluice.runtime.lambda.SqsBatchFunction;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import java.util.List;

/**
 * Lambda handler {@code dev.sluice.loader.lambda.LoaderFunction::handleRequest}: an SQS event source on the load queue with
 * {@code ReportBatchItemFailures}, running the same core as the container.
 */
public class LoaderFunction extends SqsBatchFunction {
    public LoaderFunction() {
        super(LoaderFactory.SERVICE);
    }

    @Override
    protected MessageHandler messageHandler(ServiceContext context) {
        return LoaderFactory.handler(context);
    }

    /** SnapStart priming: DuckDB's native library is the largest part of a stage's first message. */
    @Override
    protected void primeService(ServiceContext context, List<String> warmed) {
        DuckDbSession.prime();
        warmed.add("DuckDB native library");
    }
}
