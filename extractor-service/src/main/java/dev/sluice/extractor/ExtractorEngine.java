package dev.sluice.extractor;

import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.WorkDirectories;
import dev.sluice.spec.model.ExtractSpec;
import dev.sluice.spec.model.SchemaContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extract stage without its messaging: builds the job's source, extracts the partition into a fresh work
 * directory, checks the dataset's schema contract, and stages the Parquet file at its deterministic key
 * ({@code staging/<job>/<partition>/<runId>/extract/part-00000.parquet}), so that a retry overwrites it.
 *
 * <p>Every failure is a {@link dev.sluice.contracts.ClassifiedException} that says whether to retry; a
 * {@link dev.sluice.dataplane.SchemaDriftException} carries the differences for the schema-drift alert.
 */
public final class ExtractorEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractorEngine.class);

    private final SourceRegistry registry;
    private final SourceContext context;
    private final S3Transfer staging;
    private final StagingLayout layout;
    private final Path workRoot;
    private final WatermarkRanges watermarks;

    /**
     * @param workRoot where work directories go (local temp space: Lambda's {@code /tmp})
     */
    public ExtractorEngine(SourceRegistry registry, SourceContext context, S3Transfer staging, StagingLayout layout,
            Path workRoot) {
        this(registry, context, staging, layout, workRoot, WatermarkRanges.NONE);
    }

    /**
     * @param workRoot   where work directories go (local temp space: Lambda's {@code /tmp})
     * @param watermarks the ranges of incremental sources (kept with the runs)
     */
    public ExtractorEngine(SourceRegistry registry, SourceContext context, S3Transfer staging, StagingLayout layout,
            Path workRoot, WatermarkRanges watermarks) {
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.context = Objects.requireNonNull(context, "context");
        this.staging = Objects.requireNonNull(staging, "staging");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    }

    /**
     * Validates {@code spec}'s source settings without extracting anything, e.g. at start-up for every job.
     *
     * @throws dev.sluice.dataplane.InvalidSettingsException naming the setting and its value
     */
    public void validate(ExtractSpec spec, SchemaContract contract) {
        registry.create(spec.source(), context.withContract(contract));
    }

    /**
     * Extracts and stages one partition.
     *
     * @param dataset  the dataset the job outputs, for the schema check and its messages
     * @param contract the dataset's schema contract, or {@code null}
     */
    public ExtractOutcome extract(ExtractSpec spec, String dataset, SchemaContract contract, ExtractRequest request) {
        Source source = registry.create(spec.source(), context.withContract(contract));
        request = withWatermark(request, source);
        Path workDir = WorkDirectories.create(workRoot, "extract-" + request.job() + "-");
        try {
            long started = System.nanoTime();
            ExtractResult result = source.extract(request, workDir);
            SourceSchemaCheck.check(dataset, contract, result.schema());
            S3Uri prefix = layout.prefix(request.job(), request.partition(), request.runId(), Stage.EXTRACT);
            List<S3ObjectRef> files = List.of();
            if (result.hasFile()) {
                files = List.of(staging.upload(result.parquetFile(),
                        layout.file(request.job(), request.partition(), request.runId(), Stage.EXTRACT, 0)));
            }
            LOG.info("Extracted {} rows ({} bytes, {} rejected) for {} {} run {} in {} ms", result.rowCount(),
                    result.bytes(), result.rejectedRows(), request.job(), request.partition(), request.runId(),
                    (System.nanoTime() - started) / 1_000_000);
            StagedOutput output = new StagedOutput(spec.name(), prefix.toUri(),
                    files.stream().map(f -> f.uri().toUri()).toList(), result.rowCount(), result.bytes(),
                    result.schema());
            return new ExtractOutcome(output, result);
        } finally {
            WorkDirectories.delete(workDir);
        }
    }

    private ExtractRequest withWatermark(ExtractRequest request, Source source) {
        return watermarks.apply(request, source);
    }
}
