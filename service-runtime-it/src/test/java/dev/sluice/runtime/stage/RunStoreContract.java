package dev.sluice.runtime.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.contracts.StagedOutput;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every {@link RunStore}. */
abstract class RunStoreContract {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    RunStore store;
    String job;

    abstract RunStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        job = "job_" + UUID.randomUUID().toString().substring(0, 8);
    }

    RunRecord run(String runId, String date, int generation) {
        return new RunRecord(runId, job, Partition.of("date", date), generation,
                List.of(new InputVersion("raw", Partition.of("date", date), 2, URI.create("s3://b/raw/"), null)),
                JobReleased.Reason.ALL_INPUTS_READY, "sha256:" + "0".repeat(64), "corr", T0, RunRecord.State.RUNNING, null, List.of(), null);
    }

    @Test
    void runsAreCreatedOnceAndUpdated() {
        String id = "r-" + UUID.randomUUID();
        RunRecord first = store.createRun(run(id, "2026-11-20", 1));
        RunRecord again = store.createRun(run(id, "2026-11-21", 9));
        assertThat(again).isEqualTo(first);
        RunRecord done = first.finished(RunRecord.State.SUCCEEDED, T0.plusSeconds(9),
                List.of(new PublishedOutput("clean", first.partition(), 1, URI.create("s3://b/m.json"), 5)), null);
        store.updateRun(done);
        assertThat(store.run(id)).contains(done);
    }

    @Test
    void aSucceededRunIsNeverLeft() {
        String id = "r-" + UUID.randomUUID();
        RunRecord running = store.createRun(run(id, "2026-11-20", 1));
        RunRecord succeeded = running.finished(RunRecord.State.SUCCEEDED, T0.plusSeconds(9),
                List.of(new PublishedOutput("clean", running.partition(), 1, URI.create("s3://b/m.json"), 5)), null);
        assertThat(store.updateRun(succeeded)).isTrue();
        // A slower attempt of the same run fails after the winner succeeded: its update must not win.
        assertThat(store.updateRun(running.finished(RunRecord.State.FAILED, T0.plusSeconds(12), List.of(), "LoadFailed: too late")))
                .isFalse();
        assertThat(store.run(id)).contains(succeeded);
        assertThat(store.updateRun(running)).isFalse();
        assertThat(store.run(id)).as("nor does a stale RUNNING copy").contains(succeeded);
    }

    @Test
    void aFailedRunMaySucceedOnARedrive() {
        String id = "r-" + UUID.randomUUID();
        RunRecord running = store.createRun(run(id, "2026-11-20", 1));
        store.updateRun(running.finished(RunRecord.State.FAILED, T0.plusSeconds(5), List.of(), "SourceUnavailable: down"));
        RunRecord succeeded = running.finished(RunRecord.State.SUCCEEDED, T0.plusSeconds(99), List.of(), null);
        assertThat(store.updateRun(succeeded)).isTrue();
        assertThat(store.run(id)).contains(succeeded);
    }

    @Test
    void stageClaimsAreConditional() {
        String id = "r-" + UUID.randomUUID();
        StageRecord claim = new StageRecord(id, Stage.TRANSFORM, StageRecord.State.RUNNING, 1, T0, null, T0.plusSeconds(60),
                List.of(), null, List.of(), null, null, 0);
        StageRecord claimed = store.compareAndSet(claim, 0).orElseThrow();
        assertThat(store.compareAndSet(claim, 0)).isEmpty();
        StagedOutput out = new StagedOutput("clean", URI.create("s3://b/s/"), List.of(URI.create("s3://b/s/part-00000.parquet")), 5, 50,
                DatasetSchema.of(List.of(new DatasetSchema.Column("id", "BIGINT", true))));
        StageRecord done = claimed.succeeded(T0.plusSeconds(3), List.of(out), StageMetrics.of(T0, T0.plusSeconds(3), 7, 5, 50), List.of());
        assertThat(store.compareAndSet(done, claimed.revision())).isPresent();
        assertThat(store.compareAndSet(done, claimed.revision())).as("stale revision").isEmpty();
        StageRecord stored = store.stage(id, Stage.TRANSFORM).orElseThrow();
        assertThat(stored.state()).isEqualTo(StageRecord.State.SUCCEEDED);
        assertThat(stored.outputs()).containsExactly(out);
        assertThat(stored.metrics().rowsOut()).isEqualTo(5);
        assertThat(store.stagesOf(id)).extracting(StageRecord::stage).containsExactly(Stage.TRANSFORM);
    }

    @Test
    void runsOfAJobNewestFirst() {
        store.createRun(run("a-" + UUID.randomUUID(), "2026-11-19", 1));
        store.createRun(run("b-" + UUID.randomUUID(), "2026-11-20", 1));
        store.createRun(run("c-" + UUID.randomUUID(), "2026-11-20", 2));
        assertThat(store.runsOf(job, 10)).extracting(r -> r.partition().key() + "/" + r.generation())
                .containsExactly("date=2026-11-20/2", "date=2026-11-20/1", "date=2026-11-19/1");
        assertThat(store.runsOf(job, 1)).hasSize(1);
    }

    @Test
    void aRunKeepsTheFirstWatermarkRangeClaimedAndRunUpdatesLeaveItAlone() {
        String id = "r-" + UUID.randomUUID();
        RunRecord running = store.createRun(run(id, "2026-11-20", 1));
        assertThat(store.watermark(id)).isEmpty();

        assertThat(store.claimWatermark(id, new Watermark("2026-11-19T00:00:00Z", "2026-11-20T06:00:00Z")))
                .isEqualTo(new Watermark("2026-11-19T00:00:00Z", "2026-11-20T06:00:00Z"));
        assertThat(store.claimWatermark(id, new Watermark("2026-11-19T00:00:00Z", "2026-11-20T09:00:00Z")))
                .as("a later attempt gets the first range").isEqualTo(new Watermark("2026-11-19T00:00:00Z", "2026-11-20T06:00:00Z"));
        store.updateRun(running.finished(RunRecord.State.SUCCEEDED, T0.plusSeconds(9), List.of(), null));

        assertThat(store.watermark(id)).contains(new Watermark("2026-11-19T00:00:00Z", "2026-11-20T06:00:00Z"));
        assertThat(store.runsOf(job, 10)).extracting(RunRecord::runId).containsExactly(id);
    }

    @Test
    void theNextRangeStartsAtTheLastSuccessfulRunsHigh() {
        String first = "r-" + UUID.randomUUID();
        String failed = "r-" + UUID.randomUUID();
        String running = "r-" + UUID.randomUUID();
        store.updateRun(store.createRun(run(first, "2026-11-20", 1)).finished(RunRecord.State.SUCCEEDED, T0.plusSeconds(5), List.of(), null));
        store.claimWatermark(first, new Watermark("0", "10"));
        store.updateRun(store.createRun(run(failed, "2026-11-21", 1)).finished(RunRecord.State.FAILED, T0.plusSeconds(50), List.of(), "x"));
        store.claimWatermark(failed, new Watermark("10", "20"));
        store.createRun(run(running, "2026-11-22", 1));
        store.claimWatermark(running, new Watermark("10", "30"));

        assertThat(store.lastSucceededWatermark(job)).contains(new Watermark("0", "10"));
        assertThat(store.lastSucceededWatermark("no_such_job")).isEmpty();
    }
}
