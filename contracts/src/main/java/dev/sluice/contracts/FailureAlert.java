package dev.sluice.contracts;

import java.util.List;
import java.util.Objects;

/**
 * What a failure adds to the alert its stage publishes: the alert's kind and the details that kind carries. A
 * {@link ClassifiedException} with details of its own (schema differences, a failed data-quality check) returns one
 * from {@link ClassifiedException#alert()}; the stage runtime copies it into the {@link Alert} without knowing what
 * it means.
 *
 * @param kind        the alert's kind
 * @param dataset     the dataset concerned, or {@code null} to let the runtime name the job's output
 * @param differences for {@link Alert.Kind#SCHEMA_DRIFT}: the differences; otherwise empty
 * @param check       for {@link Alert.Kind#DATA_QUALITY}: the failed check; otherwise {@code null}
 */
public record FailureAlert(Alert.Kind kind, String dataset, List<SchemaDifference> differences, QualityCheckResult check) {

    /** A plain failure alert: the error class and message only. */
    public static final FailureAlert FAILURE = new FailureAlert(Alert.Kind.FAILURE, null, List.of(), null);

    public FailureAlert {
        Objects.requireNonNull(kind, "kind");
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /** A schema-drift alert listing {@code differences} of {@code dataset}. */
    public static FailureAlert schemaDrift(String dataset, List<SchemaDifference> differences) {
        return new FailureAlert(Alert.Kind.SCHEMA_DRIFT, dataset, differences, null);
    }

    /** A data-quality alert on {@code check} of {@code dataset}. */
    public static FailureAlert dataQuality(String dataset, QualityCheckResult check) {
        return new FailureAlert(Alert.Kind.DATA_QUALITY, dataset, List.of(), check);
    }
}
