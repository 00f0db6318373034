package dev.sluice.loader.service;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.s3.DynamoDbDatasetVersionStore;
import dev.sluice.loader.s3.S3ParquetTargetFactory;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingException;
import dev.sluice.spec.topology.TableRole;
import java.nio.file.Path;

/**
 * Builds the loader's core from a service context; used by both runtimes.
 *
 * <table>
 *   <caption>The loader's own settings (besides the services' common ones, JDBC connections and OpenSearch
 *   endpoints)</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_WORK_DIR}</td><td>{@code <java.io.tmpdir>/sluice-loader}</td><td>where staged files are
 *       downloaded for JDBC and OpenSearch targets; an absolute path ({@link ServiceSettings#WORK_DIR_SETTING})</td></tr>
 *   <tr><td>{@code SLUICE_DUCKDB_*}</td><td>see {@link DuckDbResources}</td><td>DuckDB's memory, threads and spill
 *       directory</td></tr>
 * </table>
 */
public final class LoaderFactory {
    public static final String SERVICE = "loader-service";
    /** The work directory's default name under {@code java.io.tmpdir}, when {@code SLUICE_WORK_DIR} is not set. */
    public static final String WORK_DIR_NAME = "sluice-loader";

    private LoaderFactory() {
    }

    /** The worker, with every job's target settings validated. */
    public static LoaderWorker worker(ServiceContext context) {
        Lookup configuration = context.settings().lookup();
        TargetContext targets = new TargetContext(configuration, context::aws,
                DuckDbResources.from(configuration, DuckDbResources.Host.current()),
                SecretResolvers.fromConfiguration(configuration), null, context.resources().bucket(), context.clock(), null);
        DynamoDbDatasetVersionStore versions = new DynamoDbDatasetVersionStore(context.aws().dynamoDb(),
                context.resources().table(TableRole.DATASET_VERSIONS));
        LoaderWorker worker = new LoaderWorker(TargetRegistry.load(), targets,
                S3ParquetTargetFactory.datasetLocation(targets, versions), workDir(configuration));
        worker.validate(context.specs());
        return worker;
    }

    /** The stage runner around {@link #worker}: the loader's message handler. */
    public static StageRunner handler(ServiceContext context) {
        return StageRunner.forService(worker(context), context);
    }

    static Path workDir(Lookup configuration) {
        try {
            return ServiceSettings.workDir(configuration, WORK_DIR_NAME);
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), e.problem());
        }
    }
}
