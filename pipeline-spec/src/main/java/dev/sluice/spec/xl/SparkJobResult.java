package dev.sluice.spec.xl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Spark driver reports for one transform, as JSON at the request's result location.
 *
 * @param succeeded    true when the output is staged
 * @param errorClass   on failure, the error class ({@code SqlFailed}, {@code QualityCheckFailed}, {@code SchemaDrift},
 *                     {@code InvalidSettings}, ...), as in {@code stage-failed}
 * @param message      on failure, what went wrong
 * @param files        the staged Parquet files
 * @param columns      the output's columns, name to DuckDB type name
 * @param rows         the output's row count
 * @param bytes        the staged bytes
 * @param checks       each check's outcome
 */
public record SparkJobResult(boolean succeeded, String errorClass, String message, List<String> files,
        Map<String, String> columns, long rows, long bytes, List<Check> checks) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A check's outcome: its name, whether it passed, whether a failure blocks, how many rows failed, what it found. */
    public record Check(String name, boolean passed, boolean blocking, long failing, String detail) {}

    public SparkJobResult {
        files = files == null ? List.of() : List.copyOf(files);
        columns = columns == null ? Map.of() : new LinkedHashMap<>(columns);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public static SparkJobResult failed(String errorClass, String message, List<Check> checks) {
        return new SparkJobResult(false, errorClass, message, List.of(), Map.of(), 0, 0, checks);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SparkJobResult fromJson(String json) {
        try {
            return JSON.readValue(json, SparkJobResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Spark job result: " + e.getMessage(), e);
        }
    }
}
