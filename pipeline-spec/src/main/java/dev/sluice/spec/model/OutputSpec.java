package dev.sluice.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * One output dataset of a job.
 *
 * @param dataset the dataset it produces
 * @param sql     the SQL file (relative to the spec file) that computes it; without one, the output is
 *                the extracted data as is
 * @param checks  data-quality checks, evaluated before anything is published
 * @param targets extra targets (JDBC, OpenSearch, ...) beside the dataset's own S3 Parquet location
 */
public record OutputSpec(String dataset, String sql, List<QualityCheckSpec> checks, List<ComponentSpec> targets) {
    public OutputSpec {
        Objects.requireNonNull(dataset, "dataset");
        checks = checks == null ? List.of() : List.copyOf(checks);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
