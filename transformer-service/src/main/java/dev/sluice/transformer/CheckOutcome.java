package dev.sluice.transformer;

import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.spec.model.QualityCheckSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one data-quality check on a transform's output.
 *
 * @param name         the check's {@link QualityCheckSpec#displayName()}
 * @param failingCount what failed: for {@code row_count} the actual number of rows (when out of bounds); for
 *                     {@code unique} the number of key values that occur more than once; otherwise the number of
 *                     failing rows. 0 when the check passed.
 * @param detail       the failure in words, e.g. {@code 3 rows have a null in country}; empty when it passed
 * @param sample       up to {@value QualityCheckResult#MAX_SAMPLE} failing rows as column name to JSON value
 *                     (numbers, strings, booleans, nulls, lists, objects), the first ones in the order of their
 *                     JSON text, so that a retry reports the same sample. For {@code unique}, the duplicated keys
 *                     with an {@code occurrences} column; for {@code row_count}, empty.
 */
public record CheckOutcome(
        String name,
        QualityCheckSpec.Type type,
        QualityCheckSpec.Severity severity,
        boolean passed,
        long failingCount,
        String detail,
        List<Map<String, Object>> sample) {

    public CheckOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        detail = detail == null ? "" : detail;
        // Rows may hold nulls, which Map.copyOf refuses.
        sample = sample == null ? List.of()
                : sample.stream().map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
        if (sample.size() > QualityCheckResult.MAX_SAMPLE) {
            throw new IllegalArgumentException("a sample holds at most " + QualityCheckResult.MAX_SAMPLE + " rows");
        }
    }

    static CheckOutcome passed(QualityCheckSpec spec) {
        return new CheckOutcome(spec.displayName(), spec.type(), spec.severity(), true, 0, "", List.of());
    }

    static CheckOutcome failed(QualityCheckSpec spec, long failingCount, String detail,
            List<Map<String, Object>> sample) {
        return new CheckOutcome(spec.displayName(), spec.type(), spec.severity(), false, failingCount, detail, sample);
    }

    /** Whether this check failed with severity {@code error}, which blocks the output. */
    public boolean blocking() {
        return !passed && severity == QualityCheckSpec.Severity.ERROR;
    }

    /** The outcome as the contracts' result of a failed check (type in its wire form, e.g. {@code not_null}). */
    public QualityCheckResult toResult() {
        return new QualityCheckResult(name, type.wire(), failingCount, sample);
    }

    /** E.g. {@code not_null(country) [error]: 3 rows have a null in country}. */
    public String describe() {
        return name + " [" + severity.wire() + "]: " + (passed ? "passed" : detail);
    }
}
