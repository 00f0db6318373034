package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import java.util.List;

/**
 * {@code sluice.stage-completed}: a stage of a run finished and staged its outputs.
 *
 * @param nextStage the stage to run next; {@code null} after the last stage
 */
public record StageCompleted(
        String runId,
        String job,
        Partition partition,
        int generation,
        Stage stage,
        List<StagedOutput> outputs,
        StageMetrics metrics,
        @OptionalField Stage nextStage) implements EventData {

    public StageCompleted {
        required(runId, "runId");
        required(job, "job");
        required(partition, "partition");
        atLeast(generation, 1, "generation");
        required(stage, "stage");
        outputs = list(outputs);
        required(metrics, "metrics");
    }
}
