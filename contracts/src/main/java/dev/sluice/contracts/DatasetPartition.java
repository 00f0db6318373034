package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.required;

/** One partition of one dataset, e.g. a missing input. */
public record DatasetPartition(String dataset, Partition partition) {
    public DatasetPartition {
        required(dataset, "dataset");
        required(partition, "partition");
    }
}
