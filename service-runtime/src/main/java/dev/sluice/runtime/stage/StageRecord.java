package dev.sluice.runtime.stage;

import dev.sluice.contracts.EventText;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.contracts.StagedOutput;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stage of one run: the de-duplication record of {@code (runId, stage)}.
 *
 * @param state      RUNNING while an attempt holds the lease; SUCCEEDED, RETRYING or FAILED after
 * @param attempt    attempts made so far
 * @param leaseUntil while RUNNING, until when the attempt's worker owns the stage
 * @param outputs    the staged outputs of a successful attempt
 * @param readyEvents the data-ready events a successful load publishes (re-published on redelivery)
 * @param revision   optimistic-lock counter; 0 for a record not yet stored
 */
public record StageRecord(
        String runId,
        Stage stage,
        State state,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        Instant leaseUntil,
        List<StagedOutput> outputs,
        StageMetrics metrics,
        List<DataReady> readyEvents,
        String errorClass,
        String errorMessage,
        long revision) {

    /** The life cycle of a stage. */
    public enum State { RUNNING, SUCCEEDED, RETRYING, FAILED }

    public StageRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(state, "state");
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        readyEvents = readyEvents == null ? List.of() : List.copyOf(readyEvents);
        errorMessage = EventText.bounded(errorMessage);
    }

    /** A new attempt claims the stage: RUNNING until {@code leaseUntil}, nothing recorded yet. */
    public static StageRecord running(String runId, Stage stage, int attempt, Instant startedAt, Instant leaseUntil) {
        return new StageRecord(runId, stage, State.RUNNING, attempt, startedAt, null, leaseUntil, List.of(), null, List.of(),
                null, null, 0);
    }

    /** The same attempt, its claim held until {@code until} (a renewal while the work runs). */
    public StageRecord withLeaseUntil(Instant until) {
        return new StageRecord(runId, stage, state, attempt, startedAt, finishedAt, until, outputs, metrics, readyEvents,
                errorClass, errorMessage, revision);
    }

    public StageRecord withRevision(long newRevision) {
        return new StageRecord(runId, stage, state, attempt, startedAt, finishedAt, leaseUntil, outputs, metrics, readyEvents,
                errorClass, errorMessage, newRevision);
    }

    public StageRecord succeeded(Instant at, List<StagedOutput> stagedOutputs, StageMetrics stageMetrics, List<DataReady> ready) {
        return new StageRecord(runId, stage, State.SUCCEEDED, attempt, startedAt, at, null, stagedOutputs, stageMetrics, ready,
                null, null, revision);
    }

    public StageRecord failed(State newState, Instant at, String errorClassName, String message) {
        return new StageRecord(runId, stage, newState, attempt, startedAt, at, null, outputs, metrics, readyEvents,
                errorClassName, message, revision);
    }
}
