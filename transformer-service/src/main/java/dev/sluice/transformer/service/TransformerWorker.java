package dev.sluice.transformer.service;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.SchemaContracts;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.runtime.stage.StageWorker;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.partition.PartitionMapper;
import dev.sluice.transformer.InputTooLargeException;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformRequest;
import dev.sluice.transformer.TransformResult;
import dev.sluice.transformer.TransformSettings;
import dev.sluice.transformer.xl.XlSettings;
import dev.sluice.transformer.xl.XlTransform;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;


/**
 * The transform stage: for each output of the job, runs its SQL (or passes the extracted data through)
 * over the run's inputs in DuckDB, checks quality and the output contract, and stages Parquet.
 *
 * <p>A {@code sizeClass: xl} job's outputs run on Spark instead ({@link XlTransform}), over the same inputs.
 *
 * <p>Views: each input dataset under its view name (the files of the exact versions the run was
 * released with; a window input spans every partition of the window), the extract stage's output under
 * the extract's name, and {@code sluice_params}.
 */
public final class TransformerWorker implements StageWorker {
    private final PipelineSpecs specs;
    private final PartitionMapper mapper;
    private final TransformEngine engine;
    private final TransformSettings settings;
    private final DuckDbResources resources;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TransformerWorker.class);
    private final StagingLayout layout;
    private final InputLocations locations;
    private final Supplier<XlTransform> xl;

    public TransformerWorker(PipelineSpecs specs, TransformEngine engine, TransformSettings settings, DuckDbResources resources,
                             StagingLayout layout, InputLocations locations) {
        this(specs, engine, settings, resources, layout, locations, () -> {
            throw new InvalidSettingsException(XlSettings.MODE.name(), "this transformer runs no xl (Spark) transforms");
        });
    }

    /** @param xl the Spark transform of {@code sizeClass: xl} jobs, made when the first one runs */
    public TransformerWorker(PipelineSpecs specs, TransformEngine engine, TransformSettings settings, DuckDbResources resources,
                             StagingLayout layout, InputLocations locations, Supplier<XlTransform> xl) {
        this.xl = xl;
        this.specs = specs;
        this.mapper = new PartitionMapper(specs);
        this.engine = engine;
        this.settings = settings;
        this.resources = resources;
        this.layout = layout;
        this.locations = locations;
    }

    @Override
    public Stage stage() {
        return Stage.TRANSFORM;
    }

    @Override
    public StageOutput run(StageWork work) {
        JobSpec job = work.job();
        Partition q = work.run().partition();
        Map<String, DatasetSchema> emptySchemas = new LinkedHashMap<>();
        Map<URI, Long> knownSizes = new LinkedHashMap<>();
        Map<String, List<URI>> inputs = inputs(job, work, emptySchemas, knownSizes);
        URI prefix = layout.prefix(job.name(), q, work.run().runId(), Stage.TRANSFORM).toUri();
        List<StagedOutput> staged = new ArrayList<>();
        List<Alert> warnings = new ArrayList<>();
        long rowsIn = work.upstream().stream().mapToLong(StagedOutput::rowCount).sum();
        for (OutputSpec output : job.outputs()) {
            String sqlFile = output.sql();
            String sql = specs.sqlOf(job, output).orElseGet(() -> passThrough(job, output));
            TransformRequest.Builder request = TransformRequest.builder()
                    .job(job.name()).partition(q).runId(work.run().runId()).generation(work.run().generation())
                    .output(output).sql(sql, sqlFile == null ? "(pass-through of " + extractName(job) + ")" : sqlFile)
                    .outputContract(specs.findDataset(output.dataset()).map(DatasetSpec::schema).orElse(null))
                    .stagingPrefix(URI.create(prefix + output.dataset() + "/"))
                    .resources(resources)
                    .inputLimit(settings.limitFor(job.sizeClass()))
                    .partitioning(specs.partitioningOf(job))
                    .knownSizes(knownSizes);
            inputs.forEach((view, uris) -> {
                if (emptySchemas.containsKey(view)) {
                    request.input(view, uris, emptySchemas.get(view));
                } else {
                    request.input(view, uris);
                }
            });
            TransformResult result = transform(job, request);
            staged.add(result.toStagedOutput());
            for (QualityCheckResult failed : result.warnings()) {
                warnings.add(new Alert(Alert.Kind.DATA_QUALITY, Alert.Severity.WARN, job.name(), q, work.run().runId(), output.dataset(),
                        "warn check " + failed.name() + " failed on " + failed.failingCount() + " row(s) of " + output.dataset() + " " + q.key(),
                        List.of(), List.of(), failed));
            }
        }
        return new StageOutput(staged, rowsIn, List.of(), warnings);
    }

    /**
     * Runs one output's transform where the job's size class says: Spark for {@code xl}, DuckDB otherwise. A
     * {@code large} job with {@code promoteTo: xl} whose inputs exceed the large limit runs on Spark instead of failing.
     */
    private TransformResult transform(JobSpec job, TransformRequest.Builder request) {
        if (job.sizeClass() == SizeClass.XL) {
            return xl.get().run(request.build());
        }
        try {
            return engine.run(request.build());
        } catch (InputTooLargeException tooLarge) {
            if (!job.promotesToXl()) {
                throw tooLarge;
            }
            LOG.info("job {}: {}; promoted to xl (promoteTo: xl): the transform runs on Spark", job.name(), tooLarge.getMessage());
            return xl.get().run(request.inputLimit(settings.limitFor(SizeClass.XL)).build());
        }
    }

    /** View name → locations: the extract's output, and each input dataset's files at the released versions. */
    private Map<String, List<URI>> inputs(JobSpec job, StageWork work, Map<String, DatasetSchema> emptySchemas,
                                          Map<URI, Long> knownSizes) {
        Map<String, List<URI>> views = new LinkedHashMap<>();
        for (StagedOutput upstream : work.upstream()) {
            views.put(upstream.name(), upstream.files().isEmpty() ? List.of(upstream.location()) : upstream.files());
            if (upstream.files().isEmpty()) {
                emptySchemas.put(upstream.name(), upstream.schema()); // an empty extract: a typed empty view
            }
        }
        boolean hasExtract = job.extract() != null;
        Map<String, InputVersion> byKey = new LinkedHashMap<>();
        work.run().inputs().forEach(i -> byKey.put(i.dataset() + "#" + i.partition().key(), i));
        for (InputSpec input : job.inputs()) {
            Optional<DatasetSpec> dataset = specs.findDataset(input.dataset());
            if (dataset.flatMap(DatasetSpec::scheduleSpec).isPresent()) {
                continue; // a clock's tick says when, it holds no data: no view
            }
            List<URI> files = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<Partition> required = mapper.requiredInputs(job, input, work.run().partition());
            for (Partition p : required) {
                InputVersion version = byKey.get(input.dataset() + "#" + p.key());
                if (version == null || !seen.add(p.key())) {
                    continue; // released without it (deadline or forced), or listed twice
                }
                // An extract job's inputs are its triggers (a drop landed, a snapshot is complete), not data to read:
                // only Sluice-published datasets (with a manifest) become views there.
                if (hasExtract && version.manifest() == null) {
                    continue;
                }
                // A dataset a Sluice job produces has a manifest Sluice's loader wrote: its file sizes are trusted.
                files.addAll(locations.of(version, knownSizes, dataset.map(d -> !d.isExternal()).orElse(false)));
            }
            if (!files.isEmpty()) {
                views.put(input.viewName(), files);
            } else if (job.readsOwnOutput(input) && required.isEmpty() && dataset.flatMap(DatasetSpec::schemaContract).isPresent()) {
                // The start partition of a self-dependent job, which reads no earlier partition of its own output (none
                // exists yet): the view is empty, typed by the dataset's declared schema.
                views.put(input.viewName(), List.of());
                emptySchemas.put(input.viewName(), SchemaContracts.schemaOf(dataset.get().schemaContract().get()));
            }
        }
        return views;
    }

    private static String extractName(JobSpec job) {
        return job.extract() == null ? "extracted" : job.extract().name();
    }

    private static String passThrough(JobSpec job, OutputSpec output) {
        if (job.extract() == null) {
            throw new ClassifiedException(ErrorClass.INVALID_SPEC, "output " + output.dataset() + " of job " + job.name()
                    + " has no sql and the job has no extract stage");
        }
        return "select * from " + extractName(job);
    }

}
