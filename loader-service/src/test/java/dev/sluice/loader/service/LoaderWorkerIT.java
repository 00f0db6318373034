package dev.sluice.loader.service;

import static dev.sluice.loader.TestData.DAY;
import static dev.sluice.loader.TestData.NEXT_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventData;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.JobSucceeded;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.contracts.StageFailed;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.TestData;
import dev.sluice.loader.s3.DynamoDbDatasetVersionStore;
import dev.sluice.loader.s3.S3ParquetTargetFactory;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.runtime.stage.InMemoryReleaseLedger;
import dev.sluice.runtime.stage.InMemoryRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The load stage end to end inside the {@link StageRunner}: the fixture job's output to its own S3 location
 * (fauxqs, pointer in DynamoDB Local) and to a PostgreSQL table (embedded).
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoaderWorkerIT {
    static final String JOB = "build_order_facts";
    static final PipelineSpecs SPECS = TestData.specs();

    AwsClients aws;
    String bucket;
    String versionsTable;
    EmbeddedPostgres postgres;
    String jdbcUrl;
    final Map<String, String> configuration = new HashMap<>();
    final EventCodec codec = new EventCodec();
    @TempDir
    Path dir;

    @BeforeAll
    void start(AwsClients aws) throws Exception {
        this.aws = aws;
        Topology topology = TestData.provisionTables(aws, TestData.env("ldr-wk"));
        bucket = topology.buckets().getFirst();
        versionsTable = topology.table(TableRole.DATASET_VERSIONS).name();
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("sluice-loader-pg"))
                .setCleanDataDirectory(true).start();
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        configuration.put("SLUICE_JDBC_WAREHOUSE_USER", "postgres");
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    StageRunner runner(InMemoryRunStore runs, InMemoryEventPublisher published) {
        TargetContext context = TestData.context(configuration, aws, bucket, dir);
        LoaderWorker worker = new LoaderWorker(TargetRegistry.load(), context, S3ParquetTargetFactory.datasetLocation(context,
                new DynamoDbDatasetVersionStore(aws.dynamoDb(), versionsTable)), dir.resolve("work"));
        worker.validate(SPECS);
        // Work arrives as stage-completed here, which the release check does not concern: no releases.
        return new StageRunner(worker, SPECS, runs, new InMemoryReleaseLedger(), published, codec, Clock.systemUTC(),
                Duration.ofMinutes(5));
    }

    /** The transform stage's completion routed to load, with the run recorded as the release created it. */
    InboundMessage transformed(InMemoryRunStore runs, String runId, int generation, Partition partition, StagedOutput staged) {
        JobReleased released = new JobReleased(runId, JOB, partition, generation,
                List.of(new InputVersion("orders", partition, generation, URI.create("s3://up/orders/" + partition.key() + "/"), null)),
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
        runs.createRun(RunRecord.of(released, "corr-" + runId, Instant.now()));
        StageCompleted completed = new StageCompleted(runId, JOB, partition, generation, Stage.TRANSFORM, List.of(staged),
                StageMetrics.of(Instant.now(), Instant.now(), staged.rowCount(), staged.rowCount(), staged.bytes()), Stage.LOAD);
        return message(completed);
    }

    InboundMessage message(EventData data) {
        String body = codec.encode(EventEnvelope.of("test", JOB, "corr-1", data));
        return new InboundMessage("m-" + System.nanoTime(), "rh", body, Map.of(), 1, QueueRef.fromUrl("http://127.0.0.1/000000000000/load"), Instant.now());
    }

    StagedOutput staged(String runId, Partition partition, String rows) {
        return TestData.stage(aws, bucket, JOB, "order_facts", partition, runId,
                "SELECT id::BIGINT AS id, DATE '" + partition.dimensions().get("date") + "' AS date, country FROM (VALUES " + rows + ") t(id, country)", dir);
    }

    Map<String, AttributeValue> pointer(Partition partition) {
        return aws.dynamoDb().getItem(b -> b.tableName(versionsTable).consistentRead(true)
                .key(Map.of("dataset", AttributeValue.fromS("order_facts"), "partitionKey", AttributeValue.fromS(partition.key())))).item();
    }

    List<String> tableRows(Partition partition) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, country FROM order_facts WHERE date = '" + partition.dimensions().get("date") + "' ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + ":" + rs.getString(2));
            }
        }
        return rows;
    }

    @Test
    void aFailingTargetPublishesNothingAndTheRetryCompletes() throws Exception {
        InMemoryRunStore runs = new InMemoryRunStore();
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        configuration.put("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + TestData.closedPort() + "/postgres");
        StagedOutput staged = staged("run-pf", DAY, "(1, 'de'), (2, 'fr')");
        InboundMessage work = transformed(runs, "run-pf", 1, DAY, staged);

        // The database refuses connections: a retryable failure, nothing published, nothing made current.
        assertThatThrownBy(() -> runner(runs, published).handle(work)).isInstanceOf(RetryableException.class)
                .hasMessageStartingWith("TargetUnavailable: output order_facts, targets[0] (jdbc warehouse:order_facts)");
        assertThat(published.data(DataReady.class)).isEmpty();
        assertThat(published.data(JobSucceeded.class)).isEmpty();
        assertThat(pointer(DAY)).isEmpty();
        assertThat(new S3Transfer(aws).list(new S3Uri(bucket, "datasets/order_facts/"))).isEmpty();
        assertThat(runs.stage("run-pf", Stage.LOAD)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(StageRecord.State.RETRYING);
            assertThat(r.errorClass()).isEqualTo("TargetUnavailable");
        });

        // Fixed: the redelivered message completes and publishes.
        configuration.put("SLUICE_JDBC_WAREHOUSE_URL", jdbcUrl);
        runner(runs, published).handle(work);
        String manifest = "s3://" + bucket + "/datasets/order_facts/date=2026-11-20/_manifests/0000000001-run-pf.json";
        assertThat(published.data(DataReady.class)).singleElement().isEqualTo(new DataReady("order_facts", DAY, 1,
                URI.create("s3://" + bucket + "/datasets/order_facts/date=2026-11-20/run=run-pf/"), URI.create(manifest), "parquet",
                staged.schema(), 2L, staged.bytes(), Producer.job(JOB, "run-pf")));
        assertThat(published.published().stream().filter(p -> p.event().data() instanceof DataReady).findFirst().orElseThrow().attributes())
                .containsEntry("dataset", "order_facts");
        assertThat(published.data(JobSucceeded.class)).singleElement().satisfies(s ->
                assertThat(s.outputs()).singleElement().satisfies(o -> assertThat(o.manifest()).hasToString(manifest)));
        assertThat(tableRows(DAY)).containsExactly("1:de", "2:fr");
        assertThat(pointer(DAY).get("version").n()).isEqualTo("1");
        assertThat(pointer(DAY).get("manifest").s()).isEqualTo(manifest);
        assertThat(runs.stage("run-pf", Stage.LOAD)).map(StageRecord::attempt).contains(2);
    }

    @Test
    void aLateOlderGenerationSucceedsWithoutPublishingAndSaysSo() throws Exception {
        configuration.put("SLUICE_JDBC_WAREHOUSE_URL", jdbcUrl);
        InMemoryRunStore runs = new InMemoryRunStore();
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        StagedOutput newer = staged("run-g2", NEXT_DAY, "(1, 'de'), (3, 'it')");
        StagedOutput older = staged("run-g1", NEXT_DAY, "(9, 'stale')");

        runner(runs, published).handle(transformed(runs, "run-g2", 2, NEXT_DAY, newer));
        assertThat(published.data(DataReady.class)).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(2));
        published.clear();

        runner(runs, published).handle(transformed(runs, "run-g1", 1, NEXT_DAY, older));
        assertThat(published.data(DataReady.class)).isEmpty();
        assertThat(published.data(Alert.class)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.FAILURE);
            assertThat(a.severity()).isEqualTo(Alert.Severity.WARN);
            assertThat(a.dataset()).isEqualTo("order_facts");
            assertThat(a.runId()).isEqualTo("run-g1");
            assertThat(a.message()).startsWith("load of order_facts date=2026-11-21 generation 1 (run run-g1) superseded, nothing published:")
                    .contains("generation 2");
        });
        assertThat(published.data(JobSucceeded.class)).singleElement().satisfies(s -> assertThat(s.outputs()).isEmpty());
        assertThat(tableRows(NEXT_DAY)).containsExactly("1:de", "3:it");
        assertThat(pointer(NEXT_DAY).get("version").n()).isEqualTo("2");
        assertThat(new S3Transfer(aws).list(new S3Uri(bucket, "datasets/order_facts/date=2026-11-21/")))
                .noneMatch(o -> o.uri().key().contains("run-g1"));
    }

    @Test
    void aMissingStagedOutputFailsForGood() {
        configuration.put("SLUICE_JDBC_WAREHOUSE_URL", jdbcUrl);
        InMemoryRunStore runs = new InMemoryRunStore();
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        StagedOutput wrong = new StagedOutput("something_else", URI.create("s3://" + bucket + "/staging/x/"), List.of(), 0, 0,
                dev.sluice.contracts.DatasetSchema.of(List.of(new dev.sluice.contracts.DatasetSchema.Column("id", "BIGINT", true))));
        runner(runs, published).handle(transformed(runs, "run-miss", 1, Partition.of("date", "2026-11-22"), wrong));
        assertThat(published.data(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.errorClass()).isEqualTo("MissingStagedOutput");
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).isEqualTo("output order_facts: the previous stage staged no output of that name (it staged [something_else])");
        });
        assertThat(published.data(DataReady.class)).isEmpty();
    }
}
