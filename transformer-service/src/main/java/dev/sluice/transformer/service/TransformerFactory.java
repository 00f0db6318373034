package dev.sluice.transformer.service;

import dev.sluice.transformer.xl.EmrServerlessSparkSubmitter;
import dev.sluice.transformer.xl.LocalSparkSubmitter;
import dev.sluice.transformer.xl.SparkSubmitter;
import dev.sluice.transformer.xl.XlSettings;
import dev.sluice.transformer.xl.XlTransform;
import java.util.function.Supplier;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.S3Transfer;
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
                TransformSettings.MAX_MANIFEST_BYTES.get(context.settings().lookup())), xl(context));
    }

    /** The Spark transform of xl jobs, built on first use: its settings are needed only where xl jobs run. */
    static Supplier<XlTransform> xl(ServiceContext context) {
        return new Supplier<>() {
            private XlTransform xl;

            @Override
            public synchronized XlTransform get() {
                if (xl == null) {
                    XlSettings settings = XlSettings.from(context.settings().lookup());
                    SparkSubmitter submitter = settings.mode().equals("local")
                            ? new LocalSparkSubmitter(settings.localClasspath(), settings.localMaster(),
                                    settings.localMaxHeap(), settings.timeout(), new S3Transfer(context.aws()),
                                    TransformSettings.from(context.settings().lookup()).workDirectory())
                            : new EmrServerlessSparkSubmitter(EmrServerlessClient.create(), context.aws().s3(), settings);
                    xl = new XlTransform(submitter);
                }
                return xl;
            }
        };
    }

    public static StageRunner runner(ServiceContext context) {
        return StageRunner.forService(worker(context), context);
    }
}
