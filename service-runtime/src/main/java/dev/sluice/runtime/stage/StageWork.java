package dev.sluice.runtime.stage;

import dev.sluice.contracts.StagedOutput;
import dev.sluice.spec.model.JobSpec;
import java.util.List;

/**
 * What a stage works on.
 *
 * @param run      the run: job, partition, generation and its exact input versions
 * @param job      the job's spec
 * @param attempt  this attempt's number, from 1
 * @param upstream the staged outputs of the previous stage; empty for the first stage
 */
public record StageWork(RunRecord run, JobSpec job, int attempt, List<StagedOutput> upstream) {
    public StageWork {
        upstream = upstream == null ? List.of() : List.copyOf(upstream);
    }
}
