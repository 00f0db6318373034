package dev.sluice.runtime.stage;

import dev.sluice.contracts.EventText;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a job partition, as the runs table keeps it: what it read (lineage in), what it published
 * (lineage out), and how it ended.
 *
 * @param shadow for a job in shadow mode, how its output compared with the legacy output; {@code null} otherwise (and
 *               in items written before shadow runs existed)
 */
public record RunRecord(
        String runId,
        String job,
        Partition partition,
        int generation,
        List<InputVersion> inputs,
        JobReleased.Reason reason,
        String specDigest,
        String correlationId,
        Instant releasedAt,
        State state,
        Instant finishedAt,
        List<PublishedOutput> outputs,
        String error,
        ShadowResult shadow) {

    /** How a run stands. */
    public enum State { RUNNING, SUCCEEDED, FAILED }

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        state = state == null ? State.RUNNING : state;
        error = EventText.bounded(error);
    }

    /** A run without a shadow result. */
    public RunRecord(String runId, String job, Partition partition, int generation, List<InputVersion> inputs,
            JobReleased.Reason reason, String specDigest, String correlationId, Instant releasedAt, State state,
            Instant finishedAt, List<PublishedOutput> outputs, String error) {
        this(runId, job, partition, generation, inputs, reason, specDigest, correlationId, releasedAt, state, finishedAt,
                outputs, error, null);
    }

    public static RunRecord of(JobReleased released, String correlationId, Instant now) {
        return new RunRecord(released.runId(), released.job(), released.partition(), released.generation(), released.inputs(),
                released.reason(), released.specDigest(), correlationId, now, State.RUNNING, null, List.of(), null);
    }

    public RunRecord finished(State newState, Instant at, List<PublishedOutput> published, String errorText) {
        return new RunRecord(runId, job, partition, generation, inputs, reason, specDigest, correlationId, releasedAt,
                newState, at, published, errorText, shadow);
    }

    /** The same run with the comparison of its shadow output. */
    public RunRecord withShadow(ShadowResult result) {
        return new RunRecord(runId, job, partition, generation, inputs, reason, specDigest, correlationId, releasedAt,
                state, finishedAt, outputs, error, result);
    }
}
