package dev.sluice.loader;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the loader tests: staged Parquet made with DuckDB, contexts, specs. */
public final class TestData {

    public static final Partition DAY = Partition.of("date", "2026-11-20");
    public static final Partition NEXT_DAY = Partition.of("date", "2026-11-21");

    private TestData() {
    }

    /** Small DuckDB resources that spill under {@code dir}. */
    public static DuckDbResources duckDb(Path dir) {
        return DuckDbResources.fromEnvironment().withMemoryLimit(256L * 1024 * 1024).withThreads(2)
                .withTempDirectory(dir.resolve("spill"));
    }

    /** A target spec from pairs: {@code spec("jdbc", "table", "t", ...)}. */
    public static ComponentSpec spec(String type, Object... keysAndValues) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ComponentSpec(type, settings);
    }

    /** A context whose configuration (and env: secrets) is {@code configuration}; S3 through {@code aws} if given. */
    public static TargetContext context(Map<String, String> configuration, AwsClients aws, String bucket, Path dir) {
        return new TargetContext(configuration::get, () -> {
            if (aws == null) {
                throw new IllegalStateException("no AWS in this test");
            }
            return aws;
        }, duckDb(dir), SecretResolvers.fromConfiguration(configuration::get), null, bucket, Clock.systemUTC(), "test.target");
    }

    /** Writes the rows of {@code selectSql} to a Parquet file (zstd) and returns its schema. */
    public static DatasetSchema parquet(String selectSql, Path file, Path dir) {
        try (DuckDbSession db = DuckDbSession.open(duckDb(dir), null, true)) {
            db.copyToParquet(selectSql, file);
            return db.describe("read_parquet(?)", List.of(file.toString()));
        }
    }

    /** A local staged output: one Parquet file of {@code selectSql}, for tests of one target. */
    public static LoadRequest localRequest(String dataset, long generation, String runId, Partition partition, String selectSql,
            Path dir) {
        Path work = dir.resolve(runId + "-" + generation + "-" + System.nanoTime());
        Path file = work.resolve("part-00000.parquet");
        DatasetSchema schema = parquet(selectSql, file, dir);
        long rows = count(file, dir);
        StagedOutput staged = new StagedOutput(dataset, URI.create("s3://local/staging/"), List.of(URI.create("s3://local/staging/part-00000.parquet")),
                rows, size(file), schema);
        return new LoadRequest("build_" + dataset, runId, generation, partition, staged, StagedData.local(staged, List.of(file), work));
    }

    /** Stages the rows of {@code selectSql} as the transform stage would: Parquet uploaded under the staging layout. */
    public static StagedOutput stage(AwsClients aws, String bucket, String job, String dataset, Partition partition, String runId,
            String selectSql, Path dir) {
        Path file = dir.resolve("stage-" + runId + "-" + System.nanoTime() + ".parquet");
        DatasetSchema schema = parquet(selectSql, file, dir);
        long rows = count(file, dir);
        StagingLayout layout = new StagingLayout(bucket);
        S3ObjectRef uploaded = new S3Transfer(aws).upload(file, layout.file(job, partition, runId, Stage.TRANSFORM, 0));
        return new StagedOutput(dataset, layout.prefix(job, partition, runId, Stage.TRANSFORM).toUri(),
                List.of(uploaded.uri().toUri()), rows, uploaded.size(), schema);
    }

    public static long count(Path parquet, Path dir) {
        try (DuckDbSession db = DuckDbSession.open(duckDb(dir))) {
            return db.count("read_parquet(?)", List.of(parquet.toString()));
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture specs under {@code src/test/resources/specs/loader}. */
    public static PipelineSpecs specs() {
        try {
            return PipelineSpecs.load(Path.of(TestData.class.getResource("/specs/loader").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Provisions the tables and the bucket of environment {@code env} (no topics or queues). */
    public static Topology provisionTables(AwsClients aws, String env) {
        Topology full = new TopologyDeriver().derive(specs(), TopologyOptions.defaults(env));
        Topology tablesOnly = new Topology(env, List.of(), List.of(), List.of(), full.tables(), full.buckets());
        new TopologyProvisioner(aws.sns(), aws.sqs(), aws.dynamoDb(), aws.s3()).provision(tablesOnly);
        return full;
    }

    /** A unique environment name per test class and run. */
    public static String env(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /** A loopback port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
