package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import java.net.URI;
import java.nio.file.Path;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import dev.sluice.tracker.store.ReleaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** status, runs, backfill, dlq and publish-ready against the local stack. */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsCommandsIT {
    static final String ENV = "opsit";
    static final String SPECS = SluiceCliTest.SAMPLE;
    private final AwsStack stack;
    private final TopologyNames names = new TopologyNames(ENV);
    private Lookup settings;

    OpsCommandsIT(AwsStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void provision() {
        new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                .provision(new TopologyDeriver().derive(PipelineSpecs.load(Path.of(SPECS)), TopologyOptions.defaults(ENV)));
        settings = Lookup.environment().withOverrides(stack.settings());
    }

    CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--env";
        all[args.length + 1] = ENV;
        CliRun run = CliRun.of(settings, all);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return run;
    }

    String url(String queue) {
        return stack.clients().sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    @Test
    void publishReadyRoutesToTheTracker() {
        CliRun run = cli("publish-ready", "--dataset", "crm_snapshot", "--partition", "date=2026-11-20", "--version", "3",
                "--location", "s3://x/crm/", "--format", "parquet", "--column", "customer_id:BIGINT", "--team", "crm-team",
                "--correlation-id", "corr-cli-1");
        assertThat(run.out()).startsWith("published data-ready crm_snapshot date=2026-11-20 v3 id=");
        List<Message> got = stack.clients().sqs().receiveMessage(b -> b.queueUrl(url(names.queue(dev.sluice.spec.topology.QueueRole.TRACKER)))
                .waitTimeSeconds(5).maxNumberOfMessages(10).messageAttributeNames("All")).messages();
        assertThat(got).anySatisfy(m -> {
            // The tracker's subscriptions keep SNS's envelope: the topic says which team published.
            var notification = dev.sluice.runtime.messaging.SnsNotification.parse(m.body()).orElseThrow();
            assertThat(notification.topic()).isEqualTo(names.ingressTopic("crm-team"));
            var event = new EventCodec().decode(notification.message(), DataReady.class);
            assertThat(event.correlationId()).isEqualTo("corr-cli-1");
            assertThat(event.data().version()).isEqualTo(3);
        });
    }

    @Test
    void backfillReleasesARangeAndStatusShowsIt() {
        CliRun dry = cli("backfill", "--job", "extract_orders", "--from", "date=2026-11-01", "--to", "date=2026-11-02", "--specs", SPECS, "--dry-run");
        assertThat(dry.out()).isEqualTo("would release extract_orders date=2026-11-01\nwould release extract_orders date=2026-11-02\n");

        CliRun backfill = cli("backfill", "--job", "extract_orders", "--from", "date=2026-11-01", "--to", "date=2026-11-02", "--specs", SPECS);
        assertThat(backfill.out()).contains("released extract_orders date=2026-11-01 generation 1 run ",
                "without [orders_drop[date=2026-11-01]]", "released extract_orders date=2026-11-02 generation 1");

        CliRun status = cli("status", "--job", "extract_orders", "--from", "date=2026-11-02", "--specs", SPECS);
        assertThat(status.out().lines().toList()).hasSize(2).last().asString()
                .contains("extract_orders", "date=2026-11-02", "released", "gen 1 run", "without 1 input(s)");
    }

    @Test
    void backfillReportsEachReleaseAsItHappensAndResumesWhereItStopped() {
        DynamoDbTrackerStore tracker = new DynamoDbTrackerStore(stack.clients().dynamoDb(), names.table(TableRole.DATASET_VERSIONS),
                names.table(TableRole.RELEASES));
        Partition third = Partition.of("date", "2026-09-03");
        Instant now = Instant.now();
        // Someone else holds a live publishing lease on the third partition: the backfill cannot release it now.
        ReleaseRecord held = tracker.compareAndSet(ReleaseRecord.waiting("extract_orders", third, now, null)
                .withState(ReleaseRecord.State.PUBLISHING).withLeaseUntil(now.plus(Duration.ofHours(1))), 0).orElseThrow();

        CliRun stopped = CliRun.of(settings, "backfill", "--job", "extract_orders", "--from", "date=2026-09-01", "--to", "date=2026-09-04",
                "--specs", SPECS, "--env", ENV);
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.out()).as("each release is reported as it happens")
                .contains("released extract_orders date=2026-09-01 generation 1 run ", "released extract_orders date=2026-09-02 generation 1 run ")
                .doesNotContain("date=2026-09-03 generation", "date=2026-09-04");
        assertThat(stopped.err()).contains("backfill of extract_orders stopped at date=2026-09-03 (2 of 4 partitions released)",
                "resume with --from date=2026-09-03");
        assertThat(tracker.release("extract_orders", Partition.of("date", "2026-09-04"))).isEmpty();

        // The lease is gone; resuming releases the rest and leaves the first two alone.
        tracker.compareAndSet(ReleaseRecord.waiting("extract_orders", third, now, null), held.revision()).orElseThrow();
        CliRun resumed = cli("backfill", "--job", "extract_orders", "--from", "date=2026-09-03", "--to", "date=2026-09-04", "--specs", SPECS);
        assertThat(resumed.out()).contains("released extract_orders date=2026-09-03 generation 1 run ",
                "released extract_orders date=2026-09-04 generation 1 run ").doesNotContain("date=2026-09-01", "date=2026-09-02");
        for (String date : List.of("2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04")) {
            assertThat(tracker.release("extract_orders", Partition.of("date", date)).orElseThrow().generation()).as(date).isEqualTo(1);
        }
    }

    @Test
    void statusShowsWhatAPartitionWaitsOn() {
        cli("publish-ready", "--dataset", "orders_drop", "--partition", "date=2026-10-01", "--version", "1", "--location", "s3://opsit-sluice-data/raw/orders/date=2026-10-01/",
                "--team", "shop-backend");
        // the tracker is not running in this test: drive its core with the same settings the CLI uses
        OpsOptions options = new OpsOptions();
        options.env = ENV;
        options.specs = SPECS;
        options.settings(settings);
        try (var context = options.context()) {
            var tracker = dev.sluice.tracker.TrackerFactory.tracker(context);
            tracker.onDataReady(dev.sluice.contracts.EventEnvelope.of("test", "x", "c", new DataReady("orders", Partition.of("date", "2026-10-01"), 1,
                    URI.create("s3://x/orders/"), null, "parquet", dev.sluice.contracts.DatasetSchema.of(List.of()), null, null,
                    dev.sluice.contracts.Producer.job("extract_orders", "r-1"))));
        }
        CliRun status = cli("status", "--job", "build_order_facts", "--specs", SPECS);
        assertThat(status.out()).contains("build_order_facts", "date=2026-10-01", "waiting",
                "on customers[date=2026-10-01], shipments[date=2026-10-01], blocklist[_]", "deadline 2026-10-02T05:30:00Z");
    }

    @Test
    void runsShowLineageAndStages() {
        DynamoDbRunStore runs = new DynamoDbRunStore(stack.clients().dynamoDb(), names.table(dev.sluice.spec.topology.TableRole.RUNS));
        Partition p = Partition.of("date", "2026-11-05");
        Instant t0 = Instant.parse("2026-11-06T05:00:00Z");
        RunRecord run = new RunRecord("run-lineage-1", "build_order_facts", p, 2,
                List.of(new InputVersion("orders", p, 4, null, URI.create("s3://d/orders/m.json"))), JobReleased.Reason.ALL_INPUTS_READY,
                "sha256:" + "c".repeat(64), "corr-7", t0, RunRecord.State.RUNNING, null, List.of(), null);
        runs.createRun(run);
        StageRecord transform = new StageRecord(run.runId(), Stage.TRANSFORM, StageRecord.State.RUNNING, 1, t0, null, t0.plusSeconds(60),
                List.of(), null, List.of(), null, null, 0);
        runs.compareAndSet(transform, 0).ifPresent(t -> runs.compareAndSet(
                t.succeeded(t0.plusSeconds(4), List.of(), StageMetrics.of(t0, t0.plusSeconds(4), 1200, 36, 4096), List.of()), t.revision()));
        runs.updateRun(run.finished(RunRecord.State.SUCCEEDED, t0.plusSeconds(9),
                List.of(new PublishedOutput("order_facts", p, 2, URI.create("s3://d/order_facts/m2.json"), 36)), null));

        CliRun detail = cli("runs", "run-lineage-1", "--specs", SPECS);
        assertThat(detail.out()).contains("run run-lineage-1: job build_order_facts partition date=2026-11-05 generation 2, succeeded",
                "correlation id corr-7", "orders[date=2026-11-05] v4 s3://d/orders/m.json",
                "transform succeeded attempt 1 4000 ms, 1200 rows in, 36 rows out, 4096 bytes",
                "order_facts[date=2026-11-05] v2 36 rows s3://d/order_facts/m2.json");
        CliRun list = cli("runs", "--job", "build_order_facts", "--specs", SPECS);
        assertThat(list.out()).contains("run-lineage-1", "date=2026-11-05", "succeeded");
    }

    @Test
    void runsShowTheShadowResult() {
        DynamoDbRunStore runs = new DynamoDbRunStore(stack.clients().dynamoDb(), names.table(dev.sluice.spec.topology.TableRole.RUNS));
        Partition p = Partition.of("date", "2026-11-07");
        Instant t0 = Instant.parse("2026-11-08T05:00:00Z");
        RunRecord run = new RunRecord("run-shadow-1", "build_order_facts", p, 1, List.of(), JobReleased.Reason.ALL_INPUTS_READY,
                "sha256:" + "c".repeat(64), "corr-8", t0, RunRecord.State.RUNNING, null, List.of(), null);
        runs.createRun(run);
        runs.updateRun(run.finished(RunRecord.State.SUCCEEDED, t0.plusSeconds(9), List.of(), null).withShadow(
                new dev.sluice.runtime.stage.ShadowResult(dev.sluice.runtime.stage.ShadowResult.Outcome.DIFFERENT, "order_facts",
                        "s3://legacy/order_facts/date=2026-11-07/", "different: 1 changed",
                        List.of(Map.of("id", "2", "_difference", "changed")))));

        CliRun detail = cli("runs", "run-shadow-1", "--specs", SPECS);
        assertThat(detail.out()).contains("shadow: different, order_facts vs legacy s3://legacy/order_facts/date=2026-11-07/:"
                + " different: 1 changed", "    changed {id=2}");
        CliRun list = cli("runs", "--job", "build_order_facts", "--specs", SPECS);
        assertThat(list.out()).contains("SHADOW").containsPattern("run-shadow-1 .* succeeded .* different");
    }

    @Test
    void dlqListShowAndRedriveWithFilters() {
        String dlq = url(names.deadLetterQueue(dev.sluice.spec.topology.QueueRole.EXTRACT));
        String queue = url(names.queue(dev.sluice.spec.topology.QueueRole.EXTRACT));
        send(dlq, "{\"m\":1}", "extract_shipments", "SourceUnavailable: HTTP 500 from http://api/shipments");
        send(dlq, "{\"m\":2}", "extract_orders", "EmptyInput: no object matches");

        assertThat(cli("dlq", "list").out()).containsPattern("extract\\s+opsit-sluice-extract\\s+0\\s+0\\s+2");
        assertThat(cli("dlq", "show", "extract", "--job", "extract_shipments").out())
                .contains("job=extract_shipments", "SourceUnavailable: HTTP 500 from http://api/shipments", "1 message(s) shown");

        CliRun dry = cli("dlq", "redrive", "extract", "--error-contains", "http 500", "--dry-run");
        assertThat(dry.out()).contains("would redrive 1 message(s) to opsit-sluice-extract");
        CliRun redrive = cli("dlq", "redrive", "extract", "--job", "extract_shipments");
        assertThat(redrive.out()).contains("redrove 1 message(s) to opsit-sluice-extract");

        List<Message> back = stack.clients().sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2).messageAttributeNames("All")).messages();
        assertThat(back).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"m\":1}");
            assertThat(m.messageAttributes()).containsKeys("job", "type").doesNotContainKeys(DeadLetter.ERROR_REASON, DeadLetter.ERROR_CLASS);
        });
        assertThat(cli("dlq", "list").out()).containsPattern("extract\\s+opsit-sluice-extract\\s+\\d+\\s+\\d+\\s+1");
    }

    @Test
    void redriveSendsEachDeadLetterOnceEvenWhenItReappearsWhileTheRedriveWorks() {
        String dlq = url(names.deadLetterQueue(dev.sluice.spec.topology.QueueRole.LOAD));
        String queue = url(names.queue(dev.sluice.spec.topology.QueueRole.LOAD));
        for (int i = 1; i <= 3; i++) {
            send(dlq, "{\"load\":" + i + "}", "load_orders", "TargetUnavailable: down");
        }
        // A visibility timeout of 0 makes every received message visible again at once: the worst case of a redrive
        // that works longer than its messages stay hidden.
        CliRun redrive = cli("dlq", "redrive", "load", "--max", "12", "--visibility-timeout", "0");
        assertThat(redrive.out()).contains("redrove 3 message(s) to opsit-sluice-load");

        List<String> bodies = new java.util.ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<Message> got = stack.clients().sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1).maxNumberOfMessages(10)
                    .visibilityTimeout(60)).messages();
            got.forEach(m -> bodies.add(m.body()));
        }
        assertThat(bodies).containsExactlyInAnyOrder("{\"load\":1}", "{\"load\":2}", "{\"load\":3}");
        assertThat(stack.clients().sqs().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages()).isEmpty();

        send(dlq, "{\"load\":4}", "load_orders", "TargetUnavailable: down");
        CliRun refused = CliRun.of("dlq", "redrive", "load", "--visibility-timeout", "-1", "--env", ENV);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--visibility-timeout: must be between 0 and 43200 seconds, got -1");
        assertThat(stack.clients().sqs().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1).visibilityTimeout(0)).messages())
                .as("the dead letter stays").singleElement().extracting(Message::body).isEqualTo("{\"load\":4}");
        assertThat(stack.clients().sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
    }

    private void send(String url, String body, String job, String reason) {
        stack.clients().sqs().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(Map.of(
                "job", attr(job), "type", attr("sluice.job-released"), DeadLetter.ERROR_REASON, attr(reason),
                DeadLetter.ERROR_CLASS, attr("EXHAUSTED"))));
    }

    private static MessageAttributeValue attr(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
