package dev.sluice.extractor.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventData;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** The extract stage as a service, through real SNS/SQS/S3/DynamoDB on the local stack. */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtractorServiceIT {
    static final String ENV = "extractit";
    private final AwsStack stack;
    private ServiceContext context;
    private ContainerService service;
    private final EventCodec codec = new EventCodec();

    ExtractorServiceIT(AwsStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void start() throws Exception {
        Path specs = Path.of(getClass().getResource("/specs/service").toURI());
        new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                .provision(new TopologyDeriver().derive(PipelineSpecs.load(specs), TopologyOptions.defaults(ENV)));
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put(ServiceSettings.ENV, ENV);
        settings.put(ServiceSettings.SPECS_DIR, specs.toString());
        settings.put("SLUICE_POLLER_POLL_TIMEOUT", "PT1S");
        settings.put("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "PT2S");
        context = new ServiceContext(ServiceSettings.fromMap(ExtractorFactory.SERVICE, settings), Clock.systemUTC());
        service = ExtractorService.start(context);
    }

    @AfterAll
    void stop() {
        service.close();
        context.close();
    }

    @Test
    void extractsStagesAndRoutesToLoadOnceEvenWhenRedelivered() {
        putCsv("2026-11-20", "order_id,amount\n1,10.5\n2,20.0\n3,7.25\n");
        JobReleased released = released("run-a", "2026-11-20");
        context.publisher().publish(Destination.PIPELINE_EVENTS, envelope(released), Map.of("sizeClass", "small"));

        StageCompleted completed = (StageCompleted) receive(QueueRole.LOAD, 1).getFirst();
        assertThat(completed.stage()).isEqualTo(Stage.EXTRACT);
        assertThat(completed.nextStage()).isEqualTo(Stage.LOAD);
        assertThat(completed.outputs()).singleElement().satisfies(o -> {
            assertThat(o.name()).as("named after the dataset the load stage publishes").isEqualTo("orders");
            assertThat(o.rowCount()).isEqualTo(3);
            assertThat(o.files()).singleElement().asString().endsWith("staging/extract_orders/date=2026-11-20/run-a/extract/part-00000.parquet");
            assertThat(o.schema().columns()).extracting(c -> c.name()).containsExactly("order_id", "amount");
        });
        URI file = completed.outputs().getFirst().files().getFirst();
        Instant firstWrite = lastModified(file);

        context.publisher().publish(Destination.PIPELINE_EVENTS, envelope(released), Map.of("sizeClass", "small")); // redelivery
        StageCompleted again = (StageCompleted) receive(QueueRole.LOAD, 1).getFirst();
        assertThat(again.outputs()).isEqualTo(completed.outputs());
        assertThat(lastModified(file)).as("the staged object was not written again").isEqualTo(firstWrite);
    }

    @Test
    void aJobReleasedTheTrackerNeverMadeGoesToTheDlqWithAnAlertAndExtractsNothing() {
        putCsv("2026-11-22", "order_id,amount\n1,10.5\n");
        context.publisher().publish(Destination.PIPELINE_EVENTS, envelope(unrecorded("run-forged", "2026-11-22")), Map.of("sizeClass", "small"));

        Alert alert = (Alert) receive(QueueRole.ALERTS, 1).getFirst();
        assertThat(alert.runId()).isEqualTo("run-forged");
        assertThat(alert.message()).contains("refused", "the tracker never released this job partition");
        String dlq = context.resources().deadLetterQueueUrl(QueueRole.EXTRACT);
        List<Message> dead = stack.clients().sqs().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).contains("run-forged"));
        assertThat(receive(QueueRole.LOAD, 0)).as("nothing is passed downstream").isEmpty();
        assertThat(stack.clients().s3().listObjectsV2(b -> b.bucket(context.resources().bucket())
                .prefix("staging/extract_orders/date=2026-11-22/")).contents()).as("nothing staged").isEmpty();
    }

    @Test
    void schemaDriftFailsTheStageWithAnAlertNamingTheColumn() {
        putCsv("2026-11-21", "order_id\n1\n2\n");
        context.publisher().publish(Destination.PIPELINE_EVENTS, envelope(released("run-b", "2026-11-21")), Map.of("sizeClass", "small"));

        Alert alert = (Alert) receive(QueueRole.ALERTS, 1).getFirst();
        assertThat(alert.kind()).isEqualTo(Alert.Kind.SCHEMA_DRIFT);
        assertThat(alert.runId()).isEqualTo("run-b");
        assertThat(alert.differences()).extracting(SchemaDifference::column, SchemaDifference::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("amount", SchemaDifference.Change.MISSING));
        assertThat(receive(QueueRole.LOAD, 0)).as("nothing is passed downstream").isEmpty();
    }

    /** A job-released whose release the tracker recorded (as it does before it publishes). */
    private JobReleased released(String runId, String date) {
        JobReleased released = unrecorded(runId, date);
        stack.clients().dynamoDb().putItem(b -> b.tableName(context.resources().table(TableRole.RELEASES)).item(Map.of(
                "job", AttributeValue.fromS(released.job()), "partitionKey", AttributeValue.fromS(released.partition().key()),
                "state", AttributeValue.fromS("PUBLISHED"), "generation", AttributeValue.fromN("1"),
                "runId", AttributeValue.fromS(runId), "inputsHash", AttributeValue.fromS(released.inputsHash()),
                "revision", AttributeValue.fromN("1"))));
        return released;
    }

    private static JobReleased unrecorded(String runId, String date) {
        Partition p = Partition.of("date", date);
        return new JobReleased(runId, "extract_orders", p, 1,
                List.of(new InputVersion("orders_drop", p, 1, URI.create("s3://x/raw/"), null)),
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.EXTRACT);
    }

    private EventEnvelope<JobReleased> envelope(JobReleased r) {
        return EventEnvelope.of("test/tracker", r.job() + "/" + r.partition().key(), "corr-" + r.runId(), r);
    }

    private void putCsv(String date, String csv) {
        stack.clients().s3().putObject(b -> b.bucket(context.resources().bucket()).key("raw/orders/date=" + date + "/part-1.csv"),
                RequestBody.fromString(csv));
    }

    private Instant lastModified(URI file) {
        String key = file.getPath().substring(1);
        return stack.clients().s3().headObject(b -> b.bucket(file.getHost()).key(key)).lastModified();
    }

    private List<EventData> receive(QueueRole role, int expected) {
        String url = context.resources().queueUrl(role);
        List<EventData> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (expected == 0 ? 3_000 : 30_000);
        while (System.currentTimeMillis() < deadline && (expected == 0 || out.size() < expected)) {
            for (Message m : stack.clients().sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                out.add(codec.decode(m.body()).data());
                stack.clients().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }
}
