package dev.sluice.loader;

import dev.sluice.contracts.Partition;
import dev.sluice.contracts.StagedOutput;
import java.util.Objects;

/**
 * One output of one run to load into a target.
 *
 * @param job        the job that produced it
 * @param runId      the run
 * @param generation the run's generation: grows with every release of the job's partition, so it orders the loads
 *                   of a partition; it becomes the data-ready {@code version}
 * @param partition  the partition being loaded
 * @param staged     the staged output of the previous stage (its {@code name} is the dataset)
 * @param data       the staged files, downloaded on first use
 */
public record LoadRequest(String job, String runId, long generation, Partition partition, StagedOutput staged,
        StagedData data) {

    public LoadRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(data, "data");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, got " + generation);
        }
    }

    /** The dataset: the staged output's name. */
    public String dataset() {
        return staged.name();
    }
}
