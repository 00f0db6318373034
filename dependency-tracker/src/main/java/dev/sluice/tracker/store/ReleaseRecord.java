package dev.sluice.tracker.store;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the tracker knows of one job partition {@code (J, q)}.
 *
 * <p>A record is {@code WAITING} from the first time an input of {@code (J, q)} arrives until the first
 * release. A release moves it to {@code PUBLISHING} (the conditional write that wins the release), then
 * to {@code PUBLISHED} once {@code job-released} went out. Every write bumps {@link #revision}, and every
 * write is conditional on the revision it read: this is what makes one evaluator win.
 *
 * @param generation  0 while waiting; 1 for the first release, +1 for each re-release
 * @param runId       the run of the current generation
 * @param inputsHash  hash of the exact input versions of the current generation
 * @param inputs      those input versions
 * @param missing     inputs absent from the current generation (deadline or forced releases)
 * @param reason      why the current generation was released
 * @param deadlineAt  when the partition's missing inputs are late; null without a deadline
 * @param alertedAt   when the sweep raised the late alert, so it raises it once
 * @param leaseUntil  while PUBLISHING, the publisher's lease; after it, a redelivery publishes the same runId
 * @param revision    optimistic-lock counter; 0 for a record not yet stored
 */
public record ReleaseRecord(
        String job,
        Partition partition,
        State state,
        int generation,
        String runId,
        String inputsHash,
        List<InputVersion> inputs,
        List<DatasetPartition> missing,
        JobReleased.Reason reason,
        String specDigest,
        Instant firstSeenAt,
        Instant releasedAt,
        Instant deadlineAt,
        Instant alertedAt,
        Instant leaseUntil,
        long revision) {

    /** The life cycle of a job partition in the tracker. */
    public enum State { WAITING, PUBLISHING, PUBLISHED }

    public ReleaseRecord {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(state, "state");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    public static ReleaseRecord waiting(String job, Partition partition, Instant firstSeenAt, Instant deadlineAt) {
        return new ReleaseRecord(job, partition, State.WAITING, 0, null, null, List.of(), List.of(), null, null,
                firstSeenAt, null, deadlineAt, null, null, 0);
    }

    /**
     * The next generation, claimed for publishing from this record (a WAITING record for the first
     * release): generation + 1, the new run and inputs, and a publisher's lease. The partition's history
     * (first seen, deadline, alert) carries over.
     */
    public ReleaseRecord nextGeneration(String newRunId, String newInputsHash, List<InputVersion> newInputs,
                                        List<DatasetPartition> newMissing, JobReleased.Reason newReason, String newSpecDigest,
                                        Instant at, Instant leaseUntilAt) {
        return new ReleaseRecord(job, partition, State.PUBLISHING, generation + 1, newRunId, newInputsHash, newInputs, newMissing,
                newReason, newSpecDigest, firstSeenAt, at, deadlineAt, alertedAt, leaseUntilAt, 0);
    }

    /** The job partition this record is about: its key in the store. */
    public JobPartition jobPartition() {
        return new JobPartition(job, partition);
    }

    public boolean released() {
        return state != State.WAITING;
    }

    /** Still waiting, with a deadline, and not yet alerted: what the deadline sweep looks at. */
    public boolean awaitingDeadline() {
        return state == State.WAITING && deadlineAt != null && alertedAt == null;
    }

    /** Being published, and the publisher's lease ran out at or before {@code now} (or was given back). */
    public boolean leaseExpired(Instant now) {
        return state == State.PUBLISHING && (leaseUntil == null || !leaseUntil.isAfter(now));
    }

    public ReleaseRecord withState(State newState) {
        return new ReleaseRecord(job, partition, newState, generation, runId, inputsHash, inputs, missing, reason,
                specDigest, firstSeenAt, releasedAt, deadlineAt, alertedAt, leaseUntil, revision);
    }

    public ReleaseRecord withAlertedAt(Instant at) {
        return new ReleaseRecord(job, partition, state, generation, runId, inputsHash, inputs, missing, reason,
                specDigest, firstSeenAt, releasedAt, deadlineAt, at, leaseUntil, revision);
    }

    public ReleaseRecord withLeaseUntil(Instant until) {
        return new ReleaseRecord(job, partition, state, generation, runId, inputsHash, inputs, missing, reason,
                specDigest, firstSeenAt, releasedAt, deadlineAt, alertedAt, until, revision);
    }

    public ReleaseRecord withRevision(long newRevision) {
        return new ReleaseRecord(job, partition, state, generation, runId, inputsHash, inputs, missing, reason,
                specDigest, firstSeenAt, releasedAt, deadlineAt, alertedAt, leaseUntil, newRevision);
    }
}
