package dev.sluice.tracker.store;

import dev.sluice.contracts.Partition;
import java.util.Objects;

/** A job and one of its partitions {@code (J, q)}: the key of a {@link ReleaseRecord}. */
public record JobPartition(String job, Partition partition) {
    public JobPartition {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
    }

    /** {@code job#partitionKey}, as the tracker's events name the job partition in their subject. */
    public String id() {
        return job + "#" + partition.key();
    }

    @Override
    public String toString() {
        return id();
    }
}
