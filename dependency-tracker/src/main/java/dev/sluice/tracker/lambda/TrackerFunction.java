package dev.sluice.tracker.lambda;

import dev.sluice.runtime.messaging.SqsBatchFunction;

/**
 * Lambda handler {@code dev.sluice.tracker.lambda.TrackerFunction::handleRequest}: an SQS event source
 * on the tracker queue with {@code ReportBatchItemFailures}.
 */
public class TrackerFunction extends SqsBatchFunction {
}
