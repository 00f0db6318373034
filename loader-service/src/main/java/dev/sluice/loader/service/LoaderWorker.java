package dev.sluice.loader.service;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.WorkDirectories;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.DatasetComparer;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.loader.DatasetPublisher;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.StagedData;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.TargetResult;
import dev.sluice.loader.shadow.ShadowCheck;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.runtime.stage.StageWorker;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load stage. For each output of the job it takes the previous stage's staged output of the same name and
 * writes it to every target, then returns one data-ready event per output, which the
 * {@link dev.sluice.runtime.stage.StageRunner} publishes once the stage is recorded.
 *
 * <p>Order, so that nothing is half-published:
 * <ol>
 *   <li>every output's extra targets ({@code jdbc}, {@code opensearch}, {@code s3-parquet} copies);</li>
 *   <li>every output's own location, phase one of its {@link DatasetPublisher}: files under the run prefix, then the
 *       manifest (not yet current);</li>
 *   <li>every output's phase two: its CURRENT pointer in the {@code dataset-versions} table, by conditional write;</li>
 *   <li>the data-ready events, returned only when all of the above succeeded.</li>
 * </ol>
 * A failing target throws a {@link ClassifiedException} (retryable or not, by its cause; see {@link LoadFailures}): no data-ready event is
 * returned, and the retry completes because every target is idempotent per generation.
 *
 * <p><b>Superseded runs.</b> When a target already holds a newer generation of an output's partition (an older
 * generation arrived late), that output is superseded: its remaining targets are skipped, its pointer is not moved,
 * no data-ready event is returned for it, and the stage output carries a {@code failure} alert of severity
 * {@code warn} saying so. The stage still succeeds: there is nothing to retry.
 *
 * <p><b>Shadow runs.</b> For a job in shadow mode ({@code shadow:} in its spec) the output is written and made current
 * like any other, but no data-ready event is returned for it: nothing downstream follows a shadow dataset. Instead the
 * published partition is compared with the legacy output of the same partition ({@link ShadowCheck},
 * {@link DatasetComparer}); the result goes on the run, and a difference raises a {@code shadow-difference} alert. A
 * comparison that cannot be made (no legacy data, a bad legacy table) is recorded as {@code error} with a warning; a
 * retryable failure (storage unavailable) retries the stage, whose loads are idempotent.
 */
public final class LoaderWorker implements StageWorker {

    private static final Logger LOG = LoggerFactory.getLogger(LoaderWorker.class);

    private final TargetRegistry registry;
    private final TargetContext context;
    private final DatasetPublisher datasets;
    private final Path workRoot;

    /**
     * @param datasets publishes each output as its dataset (the dataset's own S3 location and CURRENT pointer)
     * @param workRoot where work directories go (local temp space: Lambda's {@code /tmp})
     */
    public LoaderWorker(TargetRegistry registry, TargetContext context, DatasetPublisher datasets, Path workRoot) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.context = Objects.requireNonNull(context, "context");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    }

    @Override
    public Stage stage() {
        return Stage.LOAD;
    }

    /**
     * Validates the settings of every target of every job, without connecting anywhere: at start-up, so that a bad
     * setting stops the service instead of failing a load.
     *
     * @throws dev.sluice.dataplane.InvalidSettingsException naming the first bad setting
     */
    public void validate(PipelineSpecs specs) {
        specs.jobs().forEach(job -> targetsOf(job, specs.partitioningOf(job).stream().map(Dimension::name).toList()));
    }

    /** The extra targets of each output of {@code job}, whose partitions have {@code dimensions}; settings validated. */
    List<List<LoadTarget>> targetsOf(JobSpec job, List<String> dimensions) {
        List<List<LoadTarget>> all = new ArrayList<>();
        for (int i = 0; i < job.outputs().size(); i++) {
            List<LoadTarget> targets = new ArrayList<>();
            List<ComponentSpec> specs = job.outputs().get(i).targets();
            TargetContext output = context.forOutput(job.outputs().get(i).dataset(), dimensions);
            for (int t = 0; t < specs.size(); t++) {
                targets.add(registry.create(specs.get(t), output.withSettingPrefix(job.name() + ".outputs[" + i + "].targets[" + t + "]")));
            }
            all.add(targets);
        }
        return all;
    }

    @Override
    public StageOutput run(StageWork work) {
        RunRecord run = work.run();
        JobSpec job = work.job();
        if (run.generation() < 1) {
            throw new ClassifiedException(ErrorClass.INVALID_WORK, "run " + run.runId() + " has generation " + run.generation()
                    + "; generations start at 1");
        }
        List<List<LoadTarget>> targets;
        try {
            targets = targetsOf(job, List.copyOf(run.partition().dimensions().keySet()));
        } catch (ClassifiedException e) {
            throw LoadFailures.of("job " + job.name(), e);
        }
        Optional<ShadowCheck.Plan> shadowPlan = ShadowCheck.plan(job, run.partition(), context.datasetsBucket());
        Path workDir = WorkDirectories.create(workRoot, "load-" + job.name() + "-");
        try {
            List<Output> outputs = new ArrayList<>();
            for (int i = 0; i < job.outputs().size(); i++) {
                OutputSpec spec = job.outputs().get(i);
                StagedOutput staged = work.upstream().stream().filter(s -> s.name().equals(spec.dataset())).findFirst()
                        .orElseThrow(() -> new ClassifiedException(ErrorClass.MISSING_STAGED_OUTPUT, "output " + spec.dataset()
                                + ": the previous stage staged no output of that name (it staged "
                                + work.upstream().stream().map(StagedOutput::name).toList() + ")"));
                StagedData data = new StagedData(staged, context::s3, workDir.resolve("output-" + i));
                outputs.add(new Output(spec.dataset(), new LoadRequest(job.name(), run.runId(), run.generation(),
                        run.partition(), staged, data), targets.get(i)));
            }

            // 1. The extra targets.
            for (Output output : outputs) {
                for (int t = 0; t < output.targets.size() && output.superseded == null; t++) {
                    LoadTarget target = output.targets.get(t);
                    TargetResult result = call(output, "targets[" + t + "] (" + target.describe() + ")", () -> target.load(output.request));
                    LOG.info("output {} target {}: {}: {}", output.dataset, target.describe(), result.status(), result.detail());
                    if (result.status() == TargetResult.Status.SUPERSEDED) {
                        output.superseded = result;
                    }
                }
            }
            // 2. The datasets' own locations, phase one: files and manifests, not current yet.
            for (Output output : outputs) {
                if (output.superseded == null) {
                    output.prepared = call(output, datasets.describe(), () -> datasets.prepare(output.request));
                }
            }
            // 3. Phase two: the CURRENT pointers.
            for (Output output : outputs) {
                if (output.prepared != null) {
                    TargetResult result = call(output, datasets.describe(), output.prepared::commit);
                    LOG.info("output {} {}: {}: {}", output.dataset, datasets.describe(), result.status(), result.detail());
                    if (result.status() == TargetResult.Status.SUPERSEDED) {
                        output.superseded = result;
                    } else {
                        output.published = result;
                    }
                }
            }
            // 4. What to publish.
            List<DataReady> ready = new ArrayList<>();
            List<Alert> warnings = new ArrayList<>();
            ShadowResult shadow = null;
            long rowsIn = 0;
            for (Output output : outputs) {
                rowsIn += output.request.staged().rowCount();
                if (output.superseded != null) {
                    String message = "load of " + output.dataset + " " + run.partition().key() + " generation " + run.generation()
                            + " (run " + run.runId() + ") superseded, nothing published: " + output.superseded.detail();
                    LOG.warn(message);
                    warnings.add(new Alert(Alert.Kind.FAILURE, Alert.Severity.WARN, job.name(), run.partition(), run.runId(),
                            output.dataset, message, List.of(), List.of(), null));
                    continue;
                }
                TargetResult p = output.published;
                if (shadowPlan.isPresent()) {
                    shadow = compare(shadowPlan.get(), p, workDir);
                    LOG.info("shadow output {} compared with {}: {}", output.dataset, shadow.legacy(), shadow.summary());
                    ShadowCheck.alert(shadow, job.name(), run.partition(), run.runId()).ifPresent(warnings::add);
                    continue; // a shadow dataset: no data-ready for consumers
                }
                StagedOutput staged = output.request.staged();
                ready.add(new DataReady(output.dataset, run.partition(), run.generation(), p.location(), p.manifest(), "parquet",
                        staged.schema(), p.rows(), p.bytes(), Producer.job(job.name(), run.runId())));
            }
            return new StageOutput(List.of(), rowsIn, ready, warnings, shadow);
        } finally {
            WorkDirectories.delete(workDir);
        }
    }

    /** Compares the published shadow partition (left) with the legacy one (right). */
    private ShadowResult compare(ShadowCheck.Plan plan, TargetResult published, Path workDir) {
        if (published.location() == null) {
            throw new ClassifiedException(ErrorClass.INVALID_SPEC, "shadow output " + plan.dataset()
                    + " has no S3 location to compare (" + datasets.describe() + ")");
        }
        DatasetRef shadowSide = new DatasetRef.S3(S3Uri.parse(published.location().toString()));
        DatasetComparer comparer = new DatasetComparer(context.duckDb(), workDir, context::s3, context.configuration(),
                context.secrets());
        try {
            ComparisonReport report = comparer.compare(shadowSide, plan.legacy(), plan.options());
            return ShadowCheck.result(plan, report);
        } catch (ClassifiedException e) {
            if (e.retryable()) {
                throw LoadFailures.of("shadow comparison of " + plan.dataset() + " with " + plan.legacy(), e);
            }
            LOG.warn("shadow comparison of {} with {} failed: {}", plan.dataset(), plan.legacy(), e.getMessage());
            return ShadowCheck.error(plan, e);
        }
    }

    private static <T> T call(Output output, String target, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw LoadFailures.of("output " + output.dataset + ", " + target, e);
        }
    }

    private static final class Output {
        final String dataset;
        final LoadRequest request;
        final List<LoadTarget> targets;
        TargetResult superseded;
        DatasetPublisher.Publication prepared;
        TargetResult published;

        Output(String dataset, LoadRequest request, List<LoadTarget> targets) {
            this.dataset = dataset;
            this.request = request;
            this.targets = targets;
        }
    }

}
