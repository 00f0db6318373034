package dev.sluice.extractor.artifact;

import dev.sluice.localstack.DuckDbLambdaArtifactContract;

/** The extractor's Lambda deployment packages (see {@link DuckDbLambdaArtifactContract}). */
class ExtractorLambdaArtifactIT extends DuckDbLambdaArtifactContract {
    ExtractorLambdaArtifactIT() {
        super("extractor-service", "dev.sluice.extractor.lambda.ExtractorFunction", "dev.sluice.extractor.service.ExtractorService");
    }
}
