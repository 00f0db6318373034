package dev.sluice.loader.lambda;

import dev.sluice.runtime.messaging.SqsBatchFunction;

/**
 * Lambda handler {@code dev.sluice.loader.lambda.LoaderFunction::handleRequest}: an SQS event source on the load
 * queue with {@code ReportBatchItemFailures}.
 */
public class LoaderFunction extends SqsBatchFunction {
}
