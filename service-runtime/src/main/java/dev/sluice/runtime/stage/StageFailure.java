package dev.sluice.runtime.stage;

import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.contracts.SchemaDifference;
import java.util.List;

/**
 * A classified failure of a stage. Exceptions that implement it tell the {@link StageRunner} whether
 * another attempt may succeed, what to report as the error class, and what to alert on.
 *
 * <p>An exception that does not implement it counts as retryable until the job's retry budget runs out.
 */
public interface StageFailure {
    /** Whether another attempt of the same work may succeed (an unreachable source, a 5xx, throttling). */
    boolean retryable();

    /** A stable name of the category, e.g. {@code SchemaDrift}: the {@code errorClass} of stage-failed. */
    String errorClass();

    /** Schema differences, for a {@code schema-drift} alert. */
    default List<SchemaDifference> schemaDifferences() {
        return List.of();
    }

    /** The failing data-quality check, for a {@code data-quality} alert. */
    default QualityCheckResult failedCheck() {
        return null;
    }
}
