package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failed data-quality check.
 *
 * @param type   the kind of check, e.g. {@code not_null}, {@code unique}, {@code row_count}, {@code expression}
 * @param sample up to {@value #MAX_SAMPLE} failing rows, as column name to JSON value
 */
public record QualityCheckResult(
        String name,
        String type,
        long failingCount,
        @OptionalField @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Map<String, Object>> sample) {

    public static final int MAX_SAMPLE = 10;

    public QualityCheckResult {
        required(name, "name");
        required(type, "type");
        // Rows may hold JSON nulls, which Map.copyOf refuses.
        sample = sample == null ? List.of()
                : sample.stream().map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
        ensure(sample.size() <= MAX_SAMPLE, "sample has " + sample.size() + " rows, at most " + MAX_SAMPLE + " allowed");
    }
}
