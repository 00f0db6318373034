package dev.sluice.transformer.artifact;

import dev.sluice.localstack.DuckDbLambdaArtifactContract;

/** The transformer's Lambda deployment packages (see {@link DuckDbLambdaArtifactContract}). */
class TransformerLambdaArtifactIT extends DuckDbLambdaArtifactContract {
    TransformerLambdaArtifactIT() {
        super("transformer-service", "dev.sluice.transformer.lambda.TransformerFunction", "dev.sluice.transformer.service.TransformerService");
    }
}
