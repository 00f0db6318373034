package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.required;

/** {@code sluice.job-failed}: a run failed for good, in {@code stage}. */
public record JobFailed(
        String runId,
        String job,
        Partition partition,
        int generation,
        Stage stage,
        String errorClass,
        String message) implements EventData {

    public JobFailed {
        required(runId, "runId");
        required(job, "job");
        required(partition, "partition");
        atLeast(generation, 1, "generation");
        required(stage, "stage");
        required(errorClass, "errorClass");
        message = EventText.bounded(required(message, "message"));
    }
}
