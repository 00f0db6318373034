package dev.sluice.runtime.stage;

import dev.sluice.contracts.Stage;
import java.util.List;
import java.util.Optional;

/**
 * The runs table behind a narrow interface: {@link InMemoryRunStore} for unit tests,
 * {@link DynamoDbRunStore} in production; one contract test runs against both.
 */
public interface RunStore {
    /** Creates the run record if absent; returns the stored one either way. */
    RunRecord createRun(RunRecord run);

    Optional<RunRecord> run(String runId);

    /**
     * Writes {@code run} unless the stored run has {@link RunRecord.State#SUCCEEDED succeeded}: a succeeded run is final,
     * so a slower or stale attempt can never turn it back to {@code FAILED} or {@code RUNNING}. A {@code FAILED} run may
     * still succeed (a redrive runs it again). The check and the write are one conditional write.
     *
     * @return whether {@code run} was written
     */
    boolean updateRun(RunRecord run);

    Optional<StageRecord> stage(String runId, Stage stage);

    /** Writes {@code record} if the stored revision is {@code expectedRevision} (0: none stored). */
    Optional<StageRecord> compareAndSet(StageRecord record, long expectedRevision);

    /** Every stage record of a run, in stage order. */
    List<StageRecord> stagesOf(String runId);

    /** The runs of a job, newest partition first, then newest generation. */
    List<RunRecord> runsOf(String job, int limit);

    /**
     * Stores {@code range} as the watermark range of run {@code runId} unless the run has one already (one conditional
     * write); returns the range stored, this one or the earlier attempt's. It is kept beside the run record, so writes
     * of the run record never touch it.
     */
    Watermark claimWatermark(String runId, Watermark range);

    /** The watermark range stored with run {@code runId}, if any. */
    Optional<Watermark> watermark(String runId);

    /** How many of a job's runs {@link #lastSucceededWatermark} looks at. */
    int WATERMARK_LOOKBACK = 100;

    /**
     * The watermark range of the job's most recently finished successful run that has one: its {@code high} is where
     * the next incremental extract starts. Looks at the job's {@value #WATERMARK_LOOKBACK} newest runs.
     */
    default Optional<Watermark> lastSucceededWatermark(String job) {
        return runsOf(job, WATERMARK_LOOKBACK).stream()
                .filter(r -> r.state() == RunRecord.State.SUCCEEDED && r.finishedAt() != null)
                .sorted(java.util.Comparator.comparing(RunRecord::finishedAt).reversed())
                .map(r -> watermark(r.runId()))
                .flatMap(Optional::stream)
                .findFirst();
    }
}
