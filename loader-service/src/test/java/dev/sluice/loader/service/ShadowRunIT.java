package dev.sluice.loader.service;

import static dev.sluice.loader.TestData.DAY;
import static dev.sluice.loader.TestData.NEXT_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventData;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.JobSucceeded;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
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
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.InMemoryReleaseLedger;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow runs through the {@link StageRunner} against the emulators: the shadow job's output goes to its own S3
 * location (fauxqs, pointer in DynamoDB Local), is compared with legacy Parquet in S3, and the run in the DynamoDB
 * runs table records the result; no data-ready is published for consumers.
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShadowRunIT {
    static final String JOB = "shadow_order_facts";
    static final String DATASET = "order_facts_shadow";
    static final PipelineSpecs SPECS = specs();

    AwsClients aws;
    String bucket;
    String versionsTable;
    String runsTable;
    final EventCodec codec = new EventCodec();
    @TempDir
    Path dir;

    static PipelineSpecs specs() {
        try {
            return PipelineSpecs.load(Path.of(ShadowRunIT.class.getResource("/specs/shadow").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void start(AwsClients aws) {
        this.aws = aws;
        Topology topology = TestData.provisionTables(aws, TestData.env("ldr-sh"));
        bucket = topology.buckets().getFirst();
        versionsTable = topology.table(TableRole.DATASET_VERSIONS).name();
        runsTable = topology.table(TableRole.RUNS).name();
    }

    StageRunner runner(DynamoDbRunStore runs, InMemoryEventPublisher published) {
        TargetContext context = TestData.context(new HashMap<>(), aws, bucket, dir);
        LoaderWorker worker = new LoaderWorker(TargetRegistry.load(), context, S3ParquetTargetFactory.datasetLocation(context,
                new DynamoDbDatasetVersionStore(aws.dynamoDb(), versionsTable)), dir.resolve("work"));
        worker.validate(SPECS);
        return new StageRunner(worker, SPECS, runs, new InMemoryReleaseLedger(), published, codec, Clock.systemUTC(),
                Duration.ofMinutes(5));
    }

    InboundMessage transformed(DynamoDbRunStore runs, String runId, Partition partition, StagedOutput staged) {
        JobReleased released = new JobReleased(runId, JOB, partition, 1,
                List.of(new InputVersion("orders", partition, 1, URI.create("s3://up/orders/" + partition.key() + "/"), null)),
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
        runs.createRun(RunRecord.of(released, "corr-" + runId, Instant.now()));
        StageCompleted completed = new StageCompleted(runId, JOB, partition, 1, Stage.TRANSFORM, List.of(staged),
                StageMetrics.of(Instant.now(), Instant.now(), staged.rowCount(), staged.rowCount(), staged.bytes()), Stage.LOAD);
        String body = codec.encode(EventEnvelope.of("test", JOB, "corr-" + runId, (EventData) completed));
        return new InboundMessage("m-" + System.nanoTime(), "rh", body, Map.of(), 1,
                QueueRef.fromUrl("http://127.0.0.1/000000000000/load"), Instant.now());
    }

    String rows(Partition partition, String values) {
        return "SELECT id::BIGINT AS id, DATE '" + partition.dimensions().get("date") + "' AS date, country FROM (VALUES "
                + values + ") t(id, country)";
    }

    /** Writes the legacy job's output of {@code partition}: one Parquet object under the legacy prefix. */
    void legacy(Partition partition, String values) {
        Path file = dir.resolve("legacy-" + System.nanoTime() + ".parquet");
        TestData.parquet(rows(partition, values), file, dir);
        new S3Transfer(aws).upload(file, new S3Uri(bucket, "legacy/order_facts/date=" + partition.dimensions().get("date")
                + "/part-0.parquet"));
    }

    @Test
    void aShadowOutputEqualToTheLegacyOutputIsRecordedEqualWithoutDataReadyOrAlert() {
        DynamoDbRunStore runs = new DynamoDbRunStore(aws.dynamoDb(), runsTable);
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        legacy(DAY, "(1, 'de'), (2, 'fr'), (3, 'it')");
        StagedOutput staged = TestData.stage(aws, bucket, JOB, DATASET, DAY, "run-eq", rows(DAY, "(3, 'it'), (1, 'de'), (2, 'fr')"), dir);

        runner(runs, published).handle(transformed(runs, "run-eq", DAY, staged));

        RunRecord run = runs.run("run-eq").orElseThrow();
        assertThat(run.state()).isEqualTo(RunRecord.State.SUCCEEDED);
        assertThat(run.shadow()).isNotNull();
        assertThat(run.shadow().outcome()).isEqualTo(ShadowResult.Outcome.EQUAL);
        assertThat(run.shadow().dataset()).isEqualTo(DATASET);
        assertThat(run.shadow().legacy()).isEqualTo("s3://" + bucket + "/legacy/order_facts/date=2026-11-20/");
        assertThat(run.shadow().summary()).isEqualTo("equal: 3 rows");
        assertThat(published.data(DataReady.class)).as("no data-ready for consumers").isEmpty();
        assertThat(published.data(Alert.class)).isEmpty();
        assertThat(published.data(JobSucceeded.class)).singleElement();
        // the shadow dataset itself is written and current
        assertThat(new S3Transfer(aws).list(new S3Uri(bucket, "datasets/" + DATASET + "/date=2026-11-20/run=run-eq/"))).isNotEmpty();
        assertThat(runs.runsOf(JOB, 10)).anySatisfy(r -> assertThat(r.shadow()).isEqualTo(run.shadow()));
    }

    @Test
    void aPlantedDifferenceIsRecordedWithItsKeyAndAlertedWithoutDataReady() {
        DynamoDbRunStore runs = new DynamoDbRunStore(aws.dynamoDb(), runsTable);
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        legacy(NEXT_DAY, "(1, 'de'), (2, 'fr'), (3, 'it')");
        StagedOutput staged = TestData.stage(aws, bucket, JOB, DATASET, NEXT_DAY, "run-diff",
                rows(NEXT_DAY, "(1, 'de'), (2, 'es'), (3, 'it')"), dir);

        runner(runs, published).handle(transformed(runs, "run-diff", NEXT_DAY, staged));

        RunRecord run = runs.run("run-diff").orElseThrow();
        assertThat(run.state()).isEqualTo(RunRecord.State.SUCCEEDED);
        assertThat(run.shadow().outcome()).isEqualTo(ShadowResult.Outcome.DIFFERENT);
        assertThat(run.shadow().summary()).isEqualTo("different: 1 changed");
        assertThat(run.shadow().differingKeys()).containsExactly(Map.of("id", "2", "_difference", "changed"));
        assertThat(published.data(DataReady.class)).as("no data-ready for consumers").isEmpty();
        assertThat(published.data(Alert.class)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alert.Kind.SHADOW_DIFFERENCE);
            assertThat(alert.job()).isEqualTo(JOB);
            assertThat(alert.runId()).isEqualTo("run-diff");
            assertThat(alert.dataset()).isEqualTo(DATASET);
            assertThat(alert.message()).contains("different: 1 changed").contains("id=2");
        });
    }

    @Test
    void aMissingLegacyPartitionIsRecordedAsAnErrorWithAWarning() {
        DynamoDbRunStore runs = new DynamoDbRunStore(aws.dynamoDb(), runsTable);
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        Partition day = Partition.of("date", "2026-11-22");
        StagedOutput staged = TestData.stage(aws, bucket, JOB, DATASET, day, "run-nolegacy", rows(day, "(1, 'de')"), dir);

        runner(runs, published).handle(transformed(runs, "run-nolegacy", day, staged));

        RunRecord run = runs.run("run-nolegacy").orElseThrow();
        assertThat(run.state()).isEqualTo(RunRecord.State.SUCCEEDED);
        assertThat(run.shadow().outcome()).isEqualTo(ShadowResult.Outcome.ERROR);
        assertThat(run.shadow().summary()).startsWith("error: InvalidSettings: right: no Parquet object at s3://" + bucket
                + "/legacy/order_facts/date=2026-11-22/");
        assertThat(published.data(DataReady.class)).isEmpty();
        assertThat(published.data(Alert.class)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alert.Kind.FAILURE);
            assertThat(alert.severity()).isEqualTo(Alert.Severity.WARN);
        });
    }
}
