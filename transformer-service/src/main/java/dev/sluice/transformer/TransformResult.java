package dev.sluice.transformer;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.contracts.StagedOutput;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a transform staged.
 *
 * @param dataset      the output dataset
 * @param location     the staging prefix
 * @param files        the staged Parquet files (zstd): one, {@code part-00000.parquet}, so that a retry of the run
 *                     overwrites it
 * @param schema       the output's columns as DuckDB types them
 * @param rowCount     rows written
 * @param bytes        bytes staged
 * @param inputBytes   bytes of input read
 * @param inputFiles   input files read
 * @param checks       every data-quality check, in the spec's order, passed or failed (a failed one here has
 *                     severity {@code warn}: a failed {@code error} check throws {@link QualityCheckFailedException})
 * @param timings      where the time went
 */
public record TransformResult(
        String dataset,
        URI location,
        List<URI> files,
        DatasetSchema schema,
        long rowCount,
        long bytes,
        long inputBytes,
        int inputFiles,
        List<CheckOutcome> checks,
        Timings timings) {

    public TransformResult {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(location, "location");
        files = List.copyOf(files);
        Objects.requireNonNull(schema, "schema");
        checks = List.copyOf(checks);
        Objects.requireNonNull(timings, "timings");
    }

    /** The output as a stage-completed event carries it. */
    public StagedOutput toStagedOutput() {
        return new StagedOutput(dataset, location, files, rowCount, bytes, schema);
    }

    /** The checks that failed without blocking (severity {@code warn}), for a data-quality alert. */
    public List<QualityCheckResult> warnings() {
        return checks.stream().filter(c -> !c.passed()).map(CheckOutcome::toResult).toList();
    }

    /**
     * Durations of the steps of a transform.
     *
     * @param download listing and downloading the inputs
     * @param sql      preparing the database and running the job's SQL into the local Parquet file
     * @param checks   the schema contract and the data-quality checks
     * @param upload   staging the file
     * @param total    the whole run, clean-up included
     */
    public record Timings(Duration download, Duration sql, Duration checks, Duration upload, Duration total) {}
}
