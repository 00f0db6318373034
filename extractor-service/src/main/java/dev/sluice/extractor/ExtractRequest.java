package dev.sluice.extractor;

import dev.sluice.contracts.Partition;
import java.util.Map;
import java.util.Objects;

/**
 * What to extract: one partition of one run of a job.
 *
 * @param params template variables of this request (e.g. {@code bucket}, {@code api}); they win over configured
 *               variables, and partition values win over both (see {@link Templates})
 */
public record ExtractRequest(String job, Partition partition, String runId, Map<String, String> params) {

    public ExtractRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(runId, "runId");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public ExtractRequest(String job, Partition partition, String runId) {
        this(job, partition, runId, Map.of());
    }
}
