package dev.sluice.extractor.service;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.extractor.ExtractorEngine;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.extractor.Templates;
import dev.sluice.extractor.WatermarkRanges;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.spec.settings.Lookup;
import java.nio.file.Path;

/** Builds the extractor from a service context; shared by the container and the Lambda runtime. */
public final class ExtractorFactory {
    public static final String SERVICE = "extractor-service";

    private ExtractorFactory() {
    }

    public static ExtractorWorker worker(ServiceContext context) {
        // {bucket} defaults to the environment's data bucket; SLUICE_VAR_BUCKET overrides it.
        Lookup configuration = name -> {
            String value = context.settings().lookup().get(name);
            if (value == null && name.equals(Templates.VARIABLE_PREFIX + "BUCKET")) {
                return context.resources().bucket();
            }
            return value;
        };
        S3Transfer s3 = new S3Transfer(context.aws());
        DuckDbResources duckDb = DuckDbResources.from(configuration, DuckDbResources.Host.current());
        SourceContext sources = new SourceContext(configuration, duckDb, () -> s3,
                SecretResolvers.fromConfiguration(configuration));
        Path workRoot = context.settings().workDir("sluice-extract");
        // Incremental sources keep their watermark ranges with the runs, in the runs table.
        WatermarkRanges watermarks = WatermarkRanges.of(new DynamoDbRunStore(context.aws().dynamoDb(),
                context.resources().table(TableRole.RUNS)));
        ExtractorEngine engine = new ExtractorEngine(SourceRegistry.load(), sources, s3,
                new StagingLayout(context.resources().bucket()), workRoot, watermarks);
        return new ExtractorWorker(context.specs(), engine).validateAll();
    }

    public static StageRunner runner(ServiceContext context) {
        return StageRunner.forService(worker(context), context);
    }
}
