package dev.sluice.spec.xl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.model.QualityCheckSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the transformer hands the Spark driver for one {@code xl} transform, as JSON (a file next to the run's
 * staging prefix): the same inputs, {@code sluice_params}, SQL, checks and output contract as a DuckDB transform.
 *
 * @param job            the job
 * @param dataset        the output dataset
 * @param runId          the run
 * @param generation     the release generation
 * @param params         the {@code sluice_params} columns in order: name, type (VARCHAR, DATE, INTEGER) and value
 * @param inputs         per view, the Parquet files or prefixes to read ({@code s3://}, or {@code file:} locally)
 * @param emptyInputs    per view with no file, its columns (name to DuckDB type), so that it reads as empty
 * @param sql            the job's SQL (one query)
 * @param sqlFile        the SQL file, for messages
 * @param stagingPrefix  where the Parquet output goes (a prefix ending with {@code /})
 * @param resultLocation where the driver writes its {@link SparkJobResult}
 * @param checks         the output's data-quality checks
 * @param contract       the output dataset's declared columns (name to DuckDB type), empty when it declares none
 */
public record SparkJobRequest(String job, String dataset, String runId, int generation, List<Param> params,
        Map<String, List<String>> inputs, Map<String, Map<String, String>> emptyInputs, String sql, String sqlFile,
        String stagingPrefix, String resultLocation, List<QualityCheckSpec> checks, Map<String, String> contract) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One column of {@code sluice_params}. */
    public record Param(String name, String type, String value) {}

    public SparkJobRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(stagingPrefix, "stagingPrefix");
        Objects.requireNonNull(resultLocation, "resultLocation");
        if (!stagingPrefix.endsWith("/")) {
            throw new IllegalArgumentException("stagingPrefix must end with '/': " + stagingPrefix);
        }
        params = params == null ? List.of() : List.copyOf(params);
        inputs = inputs == null ? Map.of() : new LinkedHashMap<>(inputs);
        emptyInputs = emptyInputs == null ? Map.of() : new LinkedHashMap<>(emptyInputs);
        checks = checks == null ? List.of() : List.copyOf(checks);
        contract = contract == null ? Map.of() : new LinkedHashMap<>(contract);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SparkJobRequest fromJson(String json) {
        try {
            return JSON.readValue(json, SparkJobRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Spark job request: " + e.getMessage(), e);
        }
    }
}
