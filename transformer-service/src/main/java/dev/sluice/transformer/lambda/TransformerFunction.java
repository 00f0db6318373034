package dev.sluice.transformer.lambda;

import dev.sluice.runtime.messaging.SqsBatchFunction;

/** Lambda handler {@code dev.sluice.transformer.lambda.TransformerFunction::handleRequest} on the transform queue. */
public class TransformerFunction extends SqsBatchFunction {
}
