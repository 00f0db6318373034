package dev.sluice.tracker.core;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.Partition;
import dev.sluice.tracker.store.ReleaseRecord;
import java.util.List;

/**
 * What the tracker decided for one job partition.
 *
 * @param kind       the decision
 * @param runId      the run released (or re-published), when there is one
 * @param generation its generation
 * @param missing    the inputs still missing (WAITING), or released without (partial releases)
 */
public record Decision(String job, Partition partition, Kind kind, String runId, int generation, List<DatasetPartition> missing) {
    public Decision {
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** The possible decisions. */
    public enum Kind {
        /** A new generation was released and job-released published. */
        RELEASED,
        /** A release recorded but not yet published (crashed publisher) was published again, same runId. */
        REPUBLISHED,
        /** Inputs are missing; the partition waits. */
        WAITING,
        /** The exact same input versions were already released: nothing to do. */
        ALREADY_RELEASED,
        /** An input is newer, but the job's policy does not re-release. */
        REPUBLISH_DISABLED
    }

    /** {@code (job, partition)} waits on {@code missing}. */
    public static Decision waiting(String job, Partition partition, List<DatasetPartition> missing) {
        return new Decision(job, partition, Kind.WAITING, null, 0, missing);
    }

    /** {@code release} was released: a new generation, published. */
    public static Decision released(ReleaseRecord release) {
        return of(Kind.RELEASED, release);
    }

    /** {@code release} was published again, with the same runId. */
    public static Decision republished(ReleaseRecord release) {
        return of(Kind.REPUBLISHED, release);
    }

    /** {@code current} already covers these inputs (or is publishing them): nothing to do. */
    public static Decision alreadyReleased(ReleaseRecord current) {
        return of(Kind.ALREADY_RELEASED, current);
    }

    /** An input is newer than {@code current}'s, but the job does not re-release. */
    public static Decision republishDisabled(ReleaseRecord current) {
        return of(Kind.REPUBLISH_DISABLED, current);
    }

    private static Decision of(Kind kind, ReleaseRecord release) {
        return new Decision(release.job(), release.partition(), kind, release.runId(), release.generation(), release.missing());
    }
}
