package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code sluice.alert}: something needs a human. The details depend on {@code kind}:
 * LATE_INPUT has {@code missingInputs}, SCHEMA_DRIFT has {@code differences}, DATA_QUALITY has {@code check};
 * SHADOW_DIFFERENCE (a shadow run's output differs from the legacy output) has its {@code dataset} and {@code message}.
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
        message = EventText.bounded(required(message, "message"));
        missingInputs = list(missingInputs);
        differences = list(differences);
        ensure(kind != Kind.LATE_INPUT || !missingInputs.isEmpty(), "a late-input alert needs missingInputs");
        ensure(kind != Kind.SCHEMA_DRIFT || !differences.isEmpty(), "a schema-drift alert needs differences");
        ensure(kind != Kind.DATA_QUALITY || check != null, "a data-quality alert needs check");
        ensure(kind != Kind.SHADOW_DIFFERENCE || dataset != null, "a shadow-difference alert needs dataset");
    }

    /** A job partition passed its deadline waiting on {@code missingInputs}. */
    public static Alert lateInputs(String job, Partition partition, String message, List<DatasetPartition> missingInputs) {
        return new Alert(Kind.LATE_INPUT, Severity.ERROR, job, partition, null, null, message, missingInputs, List.of(), null);
    }

    /** An event for {@code dataset} was refused (a publisher that may not publish it, a version out of bounds); {@code job} is a job it would have fed. */
    public static Alert refusedEvent(String job, Partition partition, String dataset, String message) {
        return new Alert(Kind.FAILURE, Severity.ERROR, job, partition, null, dataset, message, List.of(), List.of(), null);
    }

    /** A run failed in a stage for good. */
    public static Alert stageFailure(String job, Partition partition, String runId, String message) {
        return new Alert(Kind.FAILURE, Severity.ERROR, job, partition, runId, null, message, List.of(), List.of(), null);
    }

    /** A run's output {@code dataset} did not match its schema contract. */
    public static Alert schemaDrift(String job, Partition partition, String runId, String dataset, String message,
                                    List<SchemaDifference> differences) {
        return new Alert(Kind.SCHEMA_DRIFT, Severity.ERROR, job, partition, runId, dataset, message, List.of(), differences, null);
    }

    /** A quality check on {@code dataset} failed: an error stops the run, a warning only reports. */
    public static Alert dataQuality(Severity severity, String job, Partition partition, String runId, String dataset, String message,
                                    QualityCheckResult check) {
        return new Alert(Kind.DATA_QUALITY, severity, job, partition, runId, dataset, message, List.of(), List.of(), check);
    }

    /** Something about {@code dataset} went wrong but the run carries on, e.g. a superseded load. */
    public static Alert warning(String job, Partition partition, String runId, String dataset, String message) {
        return new Alert(Kind.FAILURE, Severity.WARN, job, partition, runId, dataset, message, List.of(), List.of(), null);
    }

    /**
     * A shadow run's output differs from the legacy output of the same partition; {@code message} holds the
     * comparison's summary and the keys of a few differing rows.
     */
    public static Alert shadowDifference(String job, Partition partition, String runId, String dataset, String message) {
        return new Alert(Kind.SHADOW_DIFFERENCE, Severity.WARN, job, partition, runId, dataset, message, List.of(), List.of(), null);
    }

    /** What the alert is about. */
    public enum Kind {
        @JsonProperty("late-input") LATE_INPUT,
        @JsonProperty("failure") FAILURE,
        @JsonProperty("schema-drift") SCHEMA_DRIFT,
        @JsonProperty("data-quality") DATA_QUALITY,
        @JsonProperty("shadow-difference") SHADOW_DIFFERENCE
    }

    /** How urgent it is. */
    public enum Severity {
        @JsonProperty("warn") WARN,
        @JsonProperty("error") ERROR
    }
}
