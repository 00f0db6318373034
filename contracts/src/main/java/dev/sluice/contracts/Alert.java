package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code sluice.alert}: something needs a human. The details depend on {@code kind}:
 * LATE_INPUT has {@code missingInputs}, SCHEMA_DRIFT has {@code differences}, DATA_QUALITY has {@code check}.
 *
 * @param dataset the dataset concerned, for SCHEMA_DRIFT and DATA_QUALITY
 */
public record Alert(
        Kind kind,
        Severity severity,
        String job,
        Partition partition,
        @OptionalField String runId,
        @OptionalField String dataset,
        String message,
        @OptionalField @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DatasetPartition> missingInputs,
        @OptionalField @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SchemaDifference> differences,
        @OptionalField QualityCheckResult check) implements EventData {

    public Alert {
        required(kind, "kind");
        required(severity, "severity");
        required(job, "job");
        required(partition, "partition");
        required(message, "message");
        missingInputs = list(missingInputs);
        differences = list(differences);
        ensure(kind != Kind.LATE_INPUT || !missingInputs.isEmpty(), "a late-input alert needs missingInputs");
        ensure(kind != Kind.SCHEMA_DRIFT || !differences.isEmpty(), "a schema-drift alert needs differences");
        ensure(kind != Kind.DATA_QUALITY || check != null, "a data-quality alert needs check");
    }

    /** What the alert is about. */
    public enum Kind {
        @JsonProperty("late-input") LATE_INPUT,
        @JsonProperty("failure") FAILURE,
        @JsonProperty("schema-drift") SCHEMA_DRIFT,
        @JsonProperty("data-quality") DATA_QUALITY
    }

    /** How urgent it is. */
    public enum Severity {
        @JsonProperty("warn") WARN,
        @JsonProperty("error") ERROR
    }
}
