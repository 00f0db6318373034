package dev.sluice.runtime.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.EventText;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventData;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.FailureAlert;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobFailed;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.JobSucceeded;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.contracts.StageFailed;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.runtime.messaging.Outcome;
import dev.sluice.runtime.messaging.MessageProcessor;
import dev.sluice.runtime.messaging.InMemoryDeadLetterForwarder;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.spec.PipelineSpecs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StageRunnerTest {
    static final PipelineSpecs SPECS = load();
    static final Partition D = Partition.of("date", "2026-11-20");
    static final DatasetSchema SCHEMA = DatasetSchema.of(List.of(new DatasetSchema.Column("id", "BIGINT", false)));

    final InMemoryRunStore runs = new InMemoryRunStore();
    final InMemoryReleaseLedger releases = new InMemoryReleaseLedger().record(released());
    final InMemoryEventPublisher published = new InMemoryEventPublisher();
    final EventCodec codec = new EventCodec();
    final AtomicInteger calls = new AtomicInteger();

    static PipelineSpecs load() {
        try {
            return PipelineSpecs.load(Path.of(StageRunnerTest.class.getResource("/specs/stage").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    StageRunner runner(Stage stage, Function<StageWork, StageOutput> body) {
        StageWorker worker = new StageWorker() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public StageOutput run(StageWork work) {
                calls.incrementAndGet();
                return body.apply(work);
            }
        };
        return new StageRunner(worker, SPECS, runs, releases, published, codec, Clock.systemUTC(), Duration.ofMinutes(5));
    }

    InboundMessage message(EventData data) {
        String body = codec.encode(EventEnvelope.of("test", "clean_raw/" + D.key(), "corr-1", data));
        return new InboundMessage("m-1", "rh", body, Map.of(), 1, QueueRef.fromUrl("http://127.0.0.1/000000000000/t"), Instant.now());
    }

    static JobReleased released() {
        return new JobReleased("run-1", "clean_raw", D, 1,
                List.of(new InputVersion("raw", D, 3, URI.create("s3://b/raw/date=2026-11-20/"), null)),
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
    }

    static StagedOutput staged(String name) {
        return new StagedOutput(name, URI.create("s3://b/staging/clean_raw/" + D.key() + "/run-1/transform/"),
                List.of(URI.create("s3://b/staging/clean_raw/" + D.key() + "/run-1/transform/part-00000.parquet")), 5, 500, SCHEMA);
    }

    @Test
    void aStageRunsOnceAndRoutesToTheNextStage() {
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            assertThat(w.run().inputs()).extracting(InputVersion::version).containsExactly(3L);
            assertThat(w.attempt()).isEqualTo(1);
            return StageOutput.of(List.of(staged("clean")), 7);
        });
        transform.handle(message(released()));
        transform.handle(message(released())); // redelivery: not run again, completion published again

        assertThat(calls).hasValue(1);
        List<StageCompleted> completed = published.data(StageCompleted.class);
        assertThat(completed).hasSize(2).allSatisfy(c -> {
            assertThat(c.nextStage()).isEqualTo(Stage.LOAD);
            assertThat(c.outputs()).containsExactly(staged("clean"));
            assertThat(c.metrics().rowsIn()).isEqualTo(7);
        });
        assertThat(published.published().getFirst().attributes()).containsEntry("stage", "load").containsEntry("sizeClass", "large");
        assertThat(runs.stage("run-1", Stage.TRANSFORM)).map(StageRecord::state).contains(StageRecord.State.SUCCEEDED);
    }

    @Test
    void theLastStagePublishesDataReadyAndJobSucceeded() {
        DataReady ready = new DataReady("clean", D, 1, null, URI.create("s3://b/datasets/clean/date=2026-11-20/_manifest.json"),
                "parquet", SCHEMA, 5L, 500L, Producer.job("clean_raw", "run-1"));
        runner(Stage.TRANSFORM, w -> StageOutput.of(List.of(staged("clean")), 7)).handle(message(released()));
        StageCompleted toLoad = published.data(StageCompleted.class).getFirst();
        StageRunner load = runner(Stage.LOAD, w -> {
            assertThat(w.upstream()).containsExactly(staged("clean"));
            return new StageOutput(List.of(), 5, List.of(ready), List.of());
        });

        load.handle(message(toLoad));

        assertThat(published.data(DataReady.class)).containsExactly(ready);
        assertThat(published.data(JobSucceeded.class)).singleElement().satisfies(s ->
                assertThat(s.outputs()).singleElement().satisfies(o -> assertThat(o.manifest()).isEqualTo(ready.manifest())));
        RunRecord run = runs.run("run-1").orElseThrow();
        assertThat(run.state()).isEqualTo(RunRecord.State.SUCCEEDED);
        assertThat(run.outputs()).extracting(o -> o.dataset()).containsExactly("clean");
    }

    @Test
    void retryableFailuresAreRetriedThenParkedInTheDlqWithTheJobFailed() {
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "warehouse unreachable");
        });
        assertThatThrownBy(() -> transform.handle(message(released()))).isInstanceOf(RetryableException.class)
                .hasMessage("SourceUnavailable: warehouse unreachable");
        assertThat(published.published()).isEmpty();

        assertThatThrownBy(() -> transform.handle(message(released()))).isInstanceOf(PoisonMessageException.class)
                .hasMessage("retries exhausted after 2 attempts: SourceUnavailable: warehouse unreachable");
        assertThat(published.data(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.attempt()).isEqualTo(2);
            assertThat(f.retryable()).isTrue();
        });
        assertThat(published.data(JobFailed.class)).hasSize(1);
        assertThat(published.data(Alert.class)).singleElement().extracting(Alert::kind).isEqualTo(Alert.Kind.FAILURE);
        assertThat(runs.run("run-1")).map(RunRecord::state).contains(RunRecord.State.FAILED);
    }

    @Test
    void schemaDriftFailsAtOnceWithAnAlertNamingTheColumn() {
        class Drift extends ClassifiedException {
            Drift() {
                super(ErrorClass.SCHEMA_DRIFT, "column amount is missing");
            }

            @Override
            public FailureAlert alert() {
                return FailureAlert.schemaDrift(null, List.of(new SchemaDifference("amount", SchemaDifference.Change.MISSING, "DOUBLE", null)));
            }
        }
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            throw new Drift();
        });
        transform.handle(message(released())); // acknowledged: a non-retryable failure is reported, not retried

        assertThat(published.data(Alert.class)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.SCHEMA_DRIFT);
            assertThat(a.differences()).extracting(SchemaDifference::column).containsExactly("amount");
            assertThat(a.dataset()).isEqualTo("clean");
        });
        assertThat(published.data(StageCompleted.class)).isEmpty();
        transform.handle(message(released()));
        assertThat(calls).as("a stage that failed for good is not run again").hasValue(1);
    }

    @Test
    void aFailureGivesItsAlertsKindAndDetailsThroughTheHook() {
        QualityCheckResult check = new QualityCheckResult("no_refunds", "sql", 3, List.of());
        class ChecksFailed extends ClassifiedException {
            ChecksFailed() {
                super(ErrorClass.QUALITY_CHECK_FAILED, "check no_refunds failed: 3 failing rows");
            }

            @Override
            public FailureAlert alert() {
                return FailureAlert.dataQuality("clean_eu", check);
            }
        }
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            throw new ChecksFailed();
        });
        transform.handle(message(released()));

        assertThat(published.data(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.errorClass()).isEqualTo("QualityCheckFailed");
            assertThat(f.retryable()).isFalse();
        });
        assertThat(published.data(Alert.class)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.DATA_QUALITY);
            assertThat(a.check()).isEqualTo(check);
            assertThat(a.dataset()).as("the failure's own dataset").isEqualTo("clean_eu");
        });
    }

    @Test
    void misroutedOrUnknownWorkIsPoison() {
        assertThatThrownBy(() -> runner(Stage.EXTRACT, w -> null).handle(message(released())))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("job-released for clean_raw routes to transform, not to this extract stage");
        JobReleased unknown = new JobReleased("run-2", "nope", D, 1, released().inputs(), released().specDigest(),
                released().inputsHash(), JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
        assertThatThrownBy(() -> runner(Stage.TRANSFORM, w -> null).handle(message(unknown)))
                .isInstanceOf(PoisonMessageException.class).hasMessage("data.job: unknown job 'nope': no spec declares it");
    }

    static JobReleased released(String runId, int generation, String inputsHash) {
        JobReleased r = released();
        return new JobReleased(runId, r.job(), r.partition(), generation, r.inputs(), r.specDigest(), inputsHash, r.reason(),
                r.missingInputs(), r.firstStage());
    }

    @Test
    void aJobReleasedTheTrackerNeverMadeIsRefusedWithAnAlertAndStartsNoRun() {
        StageRunner transform = runner(Stage.TRANSFORM, w -> StageOutput.of(List.of(staged("clean")), 7));
        String hash = released().inputsHash();
        String otherHash = "sha256:" + "c".repeat(64);
        Map<JobReleased, String> forged = Map.of(
                released("run-forged", 1, hash), "data.runId: 'run-forged' is not the run of generation 1 ('run-1')",
                released("run-1", 1, otherHash), "data.inputsHash: '" + otherHash + "' is not the inputs hash the tracker released",
                released("run-ahead", 2, hash), "data.generation: 2 is ahead of the tracker's release, generation 1");
        forged.forEach((event, reason) -> assertThatThrownBy(() -> transform.handle(message(event)))
                .isInstanceOf(PoisonMessageException.class).hasMessageContaining(reason));
        JobReleased elsewhere = new JobReleased("run-x", "clean_raw", Partition.of("date", "2026-11-21"), 1, released().inputs(),
                released().specDigest(), hash, JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
        assertThatThrownBy(() -> transform.handle(message(elsewhere))).isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("data.runId: 'run-x': the tracker never released this job partition");

        assertThat(calls).as("no work").hasValue(0);
        assertThat(runs.run("run-forged")).isEmpty();
        assertThat(runs.run("run-ahead")).isEmpty();
        assertThat(runs.run("run-x")).isEmpty();
        assertThat(published.data(StageCompleted.class)).isEmpty();
        assertThat(published.data(Alert.class)).hasSize(4).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.FAILURE);
            assertThat(a.message()).contains("refused");
        });
    }

    @Test
    void aSupersededGenerationIsAcknowledgedWithoutWork() {
        releases.record(released("run-2", 2, "sha256:" + "c".repeat(64)));
        StageRunner transform = runner(Stage.TRANSFORM, w -> StageOutput.of(List.of(staged("clean")), 7));

        transform.handle(message(released())); // generation 1, superseded by generation 2: no exception, no work

        assertThat(calls).hasValue(0);
        assertThat(runs.run("run-1")).isEmpty();
        assertThat(published.published()).isEmpty();
    }

    @Test
    void aVeryLongErrorMessageStillFailsTheRunWithItsEventsCutShort() {
        String cell = "x".repeat(20_000);
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            throw new ClassifiedException(ErrorClass.MALFORMED_DATA, "Conversion Error: Could not convert string '" + cell + "' to DOUBLE");
        });

        transform.handle(message(released())); // acknowledged: reported, not poison of the work event

        String marker = "… [truncated: " + ("Conversion Error: Could not convert string '" + cell + "' to DOUBLE").length()
                + " characters in all]";
        assertThat(published.data(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.message()).hasSize(EventText.MAX_LENGTH).startsWith("Conversion Error: Could not convert string 'xxx").endsWith(marker);
        });
        assertThat(published.data(JobFailed.class)).singleElement().satisfies(f -> assertThat(f.message()).hasSize(EventText.MAX_LENGTH));
        assertThat(published.data(Alert.class)).singleElement().satisfies(a -> assertThat(a.message()).hasSizeLessThanOrEqualTo(EventText.MAX_LENGTH));
        assertThat(runs.run("run-1")).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(RunRecord.State.FAILED);
            assertThat(r.error()).hasSizeLessThanOrEqualTo(EventText.MAX_LENGTH).endsWith("characters in all]");
        });
    }

    @Test
    void anOwnEventThatFailsItsSchemaIsOurFailureNotPoisonOfTheMessage() {
        StageFailed invalid = new StageFailed("run-1", "clean_raw", D, 1, Stage.TRANSFORM, "E".repeat(300), "boom", false, 1);
        assertThatThrownBy(() -> published.publish(dev.sluice.runtime.events.Destination.PIPELINE_EVENTS,
                EventEnvelope.of("test", "clean_raw/" + D.key(), "corr-1", invalid)))
                .isInstanceOfSatisfying(IllegalStateException.class, e -> {
                    assertThat(e).hasMessageContaining("could not publish our own sluice.stage-failed event").hasMessageContaining("errorClass");
                    assertThat(dev.sluice.runtime.messaging.FailureKind.classify(e, 1, 5))
                            .isEqualTo(dev.sluice.runtime.messaging.FailureKind.RETRYABLE);
                    assertThat(dev.sluice.runtime.messaging.FailureKind.classify(e, 5, 5))
                            .isEqualTo(dev.sluice.runtime.messaging.FailureKind.EXHAUSTED);
                });
    }

    InboundMessage message(EventData data, int receiveCount) {
        String body = codec.encode(EventEnvelope.of("test", "clean_raw/" + D.key(), "corr-1", data));
        return new InboundMessage("m-1", "rh", body, Map.of(), receiveCount, QueueRef.fromUrl("http://127.0.0.1/000000000000/t"),
                Instant.now());
    }

    /** An attempt that crashed while it held its claim: RUNNING, leased until {@code leaseUntil}, never renewed again. */
    void crashedAttempt(Instant leaseUntil) {
        runs.createRun(RunRecord.of(released(), "corr-1", Instant.now()));
        runs.compareAndSet(StageRecord.running("run-1", Stage.TRANSFORM, 1, Instant.now(), leaseUntil), 0).orElseThrow();
    }

    @Test
    void workMeetingALiveClaimComesBackWhenTheClaimWouldHaveExpired() {
        Instant leaseUntil = Instant.now().plus(Duration.ofMinutes(10));
        crashedAttempt(leaseUntil);
        StageRunner transform = runner(Stage.TRANSFORM, w -> StageOutput.of(List.of(staged("clean")), 7));

        assertThatThrownBy(() -> transform.handle(message(released())))
                .isInstanceOfSatisfying(RetryableException.class, e -> assertThat(e.retryAfter()).hasValueSatisfying(delay ->
                        assertThat(delay).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10).plusSeconds(2))));
        assertThat(calls).hasValue(0);
    }

    @Test
    void anExpiredClaimIsTakenOverByANewAttempt() {
        crashedAttempt(Instant.now().minusSeconds(1));
        StageRunner transform = runner(Stage.TRANSFORM, w -> {
            assertThat(w.attempt()).isEqualTo(2);
            return StageOutput.of(List.of(staged("clean")), 7);
        });
        transform.handle(message(released()));
        assertThat(calls).hasValue(1);
        assertThat(runs.stage("run-1", Stage.TRANSFORM)).map(StageRecord::state).contains(StageRecord.State.SUCCEEDED);
    }

    @Test
    void workDeadLetteredBehindACrashedAttemptFailsTheRunWithItsEvents() {
        crashedAttempt(Instant.now().plus(Duration.ofMinutes(10)));
        StageRunner transform = runner(Stage.TRANSFORM, w -> StageOutput.of(List.of(staged("clean")), 7));
        InMemoryDeadLetterForwarder dlq = new InMemoryDeadLetterForwarder();
        MessageProcessor processor = new MessageProcessor(transform, dlq, 5);

        assertThat(processor.process(message(released(), 4))).isInstanceOf(Outcome.Retry.class);
        assertThat(published.published()).isEmpty();
        assertThat(processor.process(message(released(), 5))).isInstanceOf(Outcome.DeadLettered.class);

        assertThat(dlq.forwarded()).hasSize(1);
        assertThat(runs.run("run-1")).map(RunRecord::state).contains(RunRecord.State.FAILED);
        assertThat(runs.stage("run-1", Stage.TRANSFORM)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(StageRecord.State.FAILED);
            assertThat(r.errorClass()).isEqualTo("DeadLettered");
        });
        assertThat(published.data(StageFailed.class)).singleElement().satisfies(f -> assertThat(f.errorClass()).isEqualTo("DeadLettered"));
        assertThat(published.data(JobFailed.class)).hasSize(1);
        assertThat(published.data(Alert.class)).singleElement().satisfies(a -> assertThat(a.message()).contains("dead-letter queue"));

        transform.onDeadLetter(message(released(), 6), "again"); // a redelivered copy: the run already ended
        assertThat(published.data(Alert.class)).hasSize(1);
    }

    @Test
    void theClaimIsRenewedWhileTheWorkRuns() {
        Duration lease = Duration.ofMillis(300);
        StageWorker slow = new StageWorker() {
            @Override
            public Stage stage() {
                return Stage.TRANSFORM;
            }

            @Override
            public StageOutput run(StageWork work) throws Exception {
                Instant started = Instant.now();
                Thread.sleep(1_000);
                assertThat(runs.stage("run-1", Stage.TRANSFORM).orElseThrow().leaseUntil())
                        .as("renewed past the first lease").isAfter(started.plus(lease));
                calls.incrementAndGet();
                return StageOutput.of(List.of(staged("clean")), 7);
            }
        };
        new StageRunner(slow, SPECS, runs, releases, published, codec, Clock.systemUTC(), lease).handle(message(released()));

        assertThat(calls).hasValue(1);
        assertThat(runs.stage("run-1", Stage.TRANSFORM)).map(StageRecord::state).contains(StageRecord.State.SUCCEEDED);
    }

    @Test
    void retryBudgetsTheQueueCannotHonourAreRefusedAtStartUp() {
        StageRunner.checkRetryBudgets(SPECS, 3);
        assertThatThrownBy(() -> StageRunner.checkRetryBudgets(SPECS, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job clean_raw: retry.maxAttempts 2 cannot be honoured by a queue that dead-letters on receive 2");
    }

    @Test
    void aFirstAttemptClaimsItsStageWithOneWriteAndNoRead() {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunStore counted = new RunStore() {
            public RunRecord createRun(RunRecord run) { calls.add("createRun"); return runs.createRun(run); }
            public Optional<RunRecord> run(String runId) { calls.add("run"); return runs.run(runId); }
            public boolean updateRun(RunRecord run) { calls.add("updateRun"); return runs.updateRun(run); }
            public Optional<StageRecord> stage(String runId, Stage stage) { calls.add("stage"); return runs.stage(runId, stage); }
            public Optional<StageRecord> compareAndSet(StageRecord record, long expected) {
                calls.add("compareAndSet " + record.state() + " @" + expected);
                return runs.compareAndSet(record, expected);
            }
            public List<StageRecord> stagesOf(String runId) { return runs.stagesOf(runId); }
            public List<RunRecord> runsOf(String job, int limit) { return runs.runsOf(job, limit); }
            public Watermark claimWatermark(String runId, Watermark range) { return runs.claimWatermark(runId, range); }
            public Optional<Watermark> watermark(String runId) { return runs.watermark(runId); }
        };
        StageWorker worker = new StageWorker() {
            @Override
            public Stage stage() {
                return Stage.TRANSFORM;
            }

            @Override
            public StageOutput run(StageWork work) {
                return StageOutput.of(List.of(staged("clean")), 7);
            }
        };
        StageRunner transform = new StageRunner(worker, SPECS, counted, releases, published, codec, Clock.systemUTC(), Duration.ofMinutes(5));
        transform.handle(message(released()));
        assertThat(calls).containsExactly("createRun", "compareAndSet RUNNING @0", "compareAndSet SUCCEEDED @1");

        // A redelivery finds the record: the claim fails, the record is read, and the completion is published again.
        calls.clear();
        transform.handle(message(released()));
        assertThat(calls).containsExactly("createRun", "compareAndSet RUNNING @0", "stage");
        assertThat(published.data(StageCompleted.class)).hasSize(2);
    }
}
