package dev.sluice.extractor.lambda;

import dev.sluice.runtime.messaging.SqsBatchFunction;

/** Lambda handler {@code dev.sluice.extractor.lambda.ExtractorFunction::handleRequest} on the extract queue. */
public class ExtractorFunction extends SqsBatchFunction {
}
