package dev.sluice.tracker.core;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.Partition;
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

    static Decision of(String job, Partition partition, Kind kind) {
        return new Decision(job, partition, kind, null, 0, List.of());
    }
}
