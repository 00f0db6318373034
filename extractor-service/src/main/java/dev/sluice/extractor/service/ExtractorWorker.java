package dev.sluice.extractor.service;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.extractor.ExtractOutcome;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractorEngine;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.runtime.stage.StageWorker;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.ExtractSpec;
import dev.sluice.spec.model.JobSpec;
import java.util.List;

/**
 * The extract stage: runs the job's source plug-in for the run's partition and stages the result as
 * Parquet. Failures are {@link dev.sluice.contracts.ClassifiedException}s, which the stage runner
 * classifies (retryable or not; schema drift raises its alert).
 */
public final class ExtractorWorker implements StageWorker {
    private final PipelineSpecs specs;
    private final ExtractorEngine engine;

    public ExtractorWorker(PipelineSpecs specs, ExtractorEngine engine) {
        this.specs = specs;
        this.engine = engine;
    }

    /** Validates every job's source settings, so a bad spec stops the service at start-up. */
    public ExtractorWorker validateAll() {
        for (JobSpec job : specs.jobs()) {
            job.extractStage().ifPresent(extract -> engine.validate(extract, contractOf(job)));
        }
        return this;
    }

    @Override
    public Stage stage() {
        return Stage.EXTRACT;
    }

    @Override
    public StageOutput run(StageWork work) {
        JobSpec job = work.job();
        ExtractSpec extract = job.extractStage().orElseThrow(() -> new ClassifiedException(ErrorClass.INVALID_WORK,
                "job " + job.name() + " has no extract stage"));
        String dataset = job.outputs().getFirst().dataset();
        ExtractOutcome outcome = engine.extract(extract, dataset, contractOf(job),
                new ExtractRequest(job.name(), work.run().partition(), work.run().runId()));
        StagedOutput staged = outcome.output();
        if (!job.hasTransform()) {
            // Straight to load: the staged data is the output dataset itself, so it carries the dataset's name.
            staged = new StagedOutput(dataset, staged.location(), staged.files(), staged.rowCount(), staged.bytes(), staged.schema());
        }
        return StageOutput.of(List.of(staged), outcome.result().rowCount() + outcome.result().rejectedRows());
    }

    /** The schema contract of the extracted data: that of the job's output when it passes the extract through. */
    private dev.sluice.spec.model.SchemaContract contractOf(JobSpec job) {
        if (job.outputs().size() != 1 || job.outputs().getFirst().sql() != null) {
            return null;
        }
        return specs.findDataset(job.outputs().getFirst().dataset()).map(DatasetSpec::schema).orElse(null);
    }
}
