package dev.sluice.transformer.service;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformSettings;

/** Builds the transformer from a service context; shared by the container and the Lambda runtime. */
public final class TransformerFactory {
    public static final String SERVICE = "transformer-service";

    private TransformerFactory() {
    }

    public static TransformerWorker worker(ServiceContext context) {
        TransformSettings settings = TransformSettings.from(context.settings().lookup());
        return new TransformerWorker(context.specs(), TransformEngine.forS3(context.aws(), settings), settings,
                DuckDbResources.from(context.settings().lookup(), DuckDbResources.Host.current()),
                new StagingLayout(context.resources().bucket()), new InputLocations(context.aws(),
                new AllowedLocations(context.specs(), context.resources().bucket()),
                TransformSettings.MAX_MANIFEST_BYTES.get(context.settings().lookup())));
    }

    public static StageRunner runner(ServiceContext context) {
        return StageRunner.forService(worker(context), context);
    }
}
