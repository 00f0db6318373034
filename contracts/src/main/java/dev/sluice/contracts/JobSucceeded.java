package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import java.util.List;

/** {@code sluice.job-succeeded}: a run finished and published all its outputs. */
public record JobSucceeded(
        String runId,
        String job,
        Partition partition,
        int generation,
        List<PublishedOutput> outputs,
        long durationMs) implements EventData {

    public JobSucceeded {
        required(runId, "runId");
        required(job, "job");
        required(partition, "partition");
        atLeast(generation, 1, "generation");
        outputs = list(outputs);
    }
}
