package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code sluice.job-released}: a job is released to run for one partition on exactly these input versions.
 *
 * @param generation    1 for the first release of (job, partition); grows with each release on other inputs
 * @param specDigest    digest of the job's spec at release, {@code sha256:<hex>}
 * @param inputsHash    hash of the input versions, {@code sha256:<hex>}
 * @param missingInputs inputs absent at release; empty unless {@code reason} is DEADLINE or FORCED
 * @param firstStage    the stage to run first
 */
public record JobReleased(
        String runId,
        String job,
        Partition partition,
        int generation,
        List<InputVersion> inputs,
        String specDigest,
        String inputsHash,
        Reason reason,
        @OptionalField @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DatasetPartition> missingInputs,
        Stage firstStage) implements EventData {

    public JobReleased {
        required(runId, "runId");
        required(job, "job");
        required(partition, "partition");
        atLeast(generation, 1, "generation");
        inputs = list(inputs);
        required(specDigest, "specDigest");
        required(inputsHash, "inputsHash");
        required(reason, "reason");
        missingInputs = list(missingInputs);
        required(firstStage, "firstStage");
    }

    /** Why the job was released. */
    public enum Reason {
        /** Every input was present. */
        @JsonProperty("all-inputs-ready") ALL_INPUTS_READY,
        /** The deadline passed and the job's policy releases it with the inputs present. */
        @JsonProperty("deadline") DEADLINE,
        /** An operator forced the release. */
        @JsonProperty("forced") FORCED
    }
}
