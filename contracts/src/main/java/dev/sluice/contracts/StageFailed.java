package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.required;

/**
 * {@code sluice.stage-failed}: an attempt of a stage of a run failed.
 *
 * @param errorClass a stable class of error, e.g. {@code java.io.IOException} or {@code SqlError}
 * @param retryable  whether another attempt may succeed
 * @param attempt    1 for the first attempt
 */
public record StageFailed(
        String runId,
        String job,
        Partition partition,
        int generation,
        Stage stage,
        String errorClass,
        String message,
        boolean retryable,
        int attempt) implements EventData {

    public StageFailed {
        required(runId, "runId");
        required(job, "job");
        required(partition, "partition");
        atLeast(generation, 1, "generation");
        required(stage, "stage");
        required(errorClass, "errorClass");
        message = EventText.bounded(required(message, "message"));
        atLeast(attempt, 1, "attempt");
    }
}
