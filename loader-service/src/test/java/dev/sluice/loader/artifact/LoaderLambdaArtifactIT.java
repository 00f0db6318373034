package dev.sluice.loader.artifact;

import dev.sluice.localstack.DuckDbLambdaArtifactContract;

/** The loader's Lambda deployment packages (see {@link DuckDbLambdaArtifactContract}). */
class LoaderLambdaArtifactIT extends DuckDbLambdaArtifactContract {
    LoaderLambdaArtifactIT() {
        super("loader-service", "dev.sluice.loader.lambda.LoaderFunction", "dev.sluice.loader.service.LoaderService");
    }
}
