package dev.sluice.runtime.stage;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.FailureAlert;
import dev.sluice.contracts.JobFailed;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.JobSucceeded;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.contracts.StageFailed;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.contracts.TraceParent;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.EventPublisher;
import dev.sluice.runtime.logging.LogContext;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.MessageProcessor;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.runtime.metrics.Metrics;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.topology.TableRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage of a job for each work event (job-released or stage-completed routed to this stage):
 * <ol>
 *   <li><b>event in</b>: decode; a wrong type, an unknown job or a stage mismatch is poison;</li>
 *   <li><b>decision</b>: claim {@code (runId, stage)} with a conditional write. A stage that already
 *       succeeded is not run again: its completion is published again. One running elsewhere under a
 *       live lease is retried later;</li>
 *   <li><b>state change</b>: run the {@link StageWorker}, record the outcome;</li>
 *   <li><b>event out</b>: stage-completed routed to the next stage, or, after the load stage, the
 *       outputs' data-ready and job-succeeded. A failure publishes stage-failed, job-failed and an alert.</li>
 * </ol>
 * Retryable failures are retried (the message comes back) up to the job's {@code retry.maxAttempts};
 * then the message goes to the DLQ with its reason, so that it can be redriven once the cause is fixed.
 */
public final class StageRunner implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    private final StageWorker worker;
    private final PipelineSpecs specs;
    private final RunStore runs;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final Clock clock;
    private final Duration lease;
    private final ReleaseCheck releaseCheck;
    private final String source;
    private final Metrics metrics;

    /**
     * @param releases the tracker's releases, against which every job-released is checked before any work
     *                 ({@link ReleaseCheck})
     */
    public StageRunner(StageWorker worker, PipelineSpecs specs, RunStore runs, ReleaseLedger releases, EventPublisher publisher,
                       EventCodec codec, Clock clock, Duration lease) {
        this(worker, specs, runs, releases, publisher, codec, clock, lease, Metrics.standardOutput("unknown", "sluice-" + worker.stage().wireName()));
    }

    /** @param metrics where the stage's metrics go (stage duration, rows in and out, failures, queue wait) */
    public StageRunner(StageWorker worker, PipelineSpecs specs, RunStore runs, ReleaseLedger releases, EventPublisher publisher,
                       EventCodec codec, Clock clock, Duration lease, Metrics metrics) {
        this.metrics = metrics;
        this.worker = worker;
        this.releaseCheck = new ReleaseCheck(releases);
        this.specs = specs;
        this.runs = runs;
        this.publisher = publisher;
        this.codec = codec;
        this.clock = clock;
        this.lease = lease;
        this.source = "sluice/" + worker.stage().wireName();
    }

    /**
     * The runner of a service's stage: its worker over the environment's runs table, publishing through the
     * service's publisher. An attempt holds its {@code (runId, stage)} claim for the service's
     * {@link ServiceSettings#stageLease()} ({@code SLUICE_STAGE_LEASE}).
     */
    public static StageRunner forService(StageWorker worker, ServiceContext context) {
        checkRetryBudgets(context.specs(), context.pollerOptions().maxReceiveCount());
        return new StageRunner(worker, context.specs(),
                new DynamoDbRunStore(context.aws().dynamoDb(), context.resources().table(TableRole.RUNS)),
                new DynamoDbReleaseLedger(context.aws().dynamoDb(), context.resources().table(TableRole.RELEASES)),
                context.publisher(), context.codec(), context.clock(), context.settings().stageLease(),
                Metrics.standardOutput(context.settings().env(), context.settings().service()));
    }

    /**
     * Every job's retries must fit in its queue's receives: attempt {@code n} is receive {@code n} at the earliest, and
     * the message goes to the DLQ on receive {@code maxReceiveCount}, so {@code retry.maxAttempts} must stay below it.
     *
     * @throws IllegalArgumentException naming the job, the field and both values
     */
    public static void checkRetryBudgets(PipelineSpecs specs, int maxReceiveCount) {
        for (JobSpec job : specs.jobs()) {
            if (job.retry().maxAttempts() >= maxReceiveCount) {
                throw new IllegalArgumentException("job " + job.name() + ": retry.maxAttempts " + job.retry().maxAttempts()
                        + " cannot be honoured by a queue that dead-letters on receive " + maxReceiveCount
                        + " (SLUICE_POLLER_MAX_RECEIVE_COUNT and the topology's maxReceiveCount): lower retry.maxAttempts below "
                        + maxReceiveCount + " or raise maxReceiveCount above " + job.retry().maxAttempts());
            }
        }
    }

    /**
     * The work is going to the DLQ without an outcome of this stage (its receives ran out while another attempt held the
     * claim, or it could not be run): finish the run as failed, with stage-failed, job-failed and an alert, so that no
     * run is left RUNNING silently. A run that already ended is left as it is.
     */
    @Override
    public void onDeadLetter(InboundMessage message, String reason) {
        EventEnvelope<?> event;
        try {
            event = codec.decode(message.body());
        } catch (RuntimeException undecodable) {
            return; // not work of ours: nothing was started
        }
        String runId = event.data() instanceof JobReleased r ? r.runId() : event.data() instanceof StageCompleted c ? c.runId() : null;
        Optional<RunRecord> found = runId == null ? Optional.empty() : runs.run(runId);
        if (found.isEmpty() || found.get().state() != RunRecord.State.RUNNING) {
            return;
        }
        RunRecord run = found.get();
        String correlationId = MessageProcessor.correlationIdOf(message);
        Instant now = clock.instant();
        String errorClass = ErrorClass.DEAD_LETTERED.wireName();
        String text = "the " + worker.stage().wireName() + " work of run " + run.runId() + " went to the dead-letter queue: " + reason;
        int attempt = 1;
        Optional<StageRecord> stage = runs.stage(run.runId(), worker.stage());
        if (stage.isPresent() && stage.get().state() != StageRecord.State.SUCCEEDED && stage.get().state() != StageRecord.State.FAILED) {
            attempt = Math.max(1, stage.get().attempt());
            runs.compareAndSet(stage.get().failed(StageRecord.State.FAILED, now, errorClass, text), stage.get().revision());
        }
        LOG.error("run {} failed: {}", run.runId(), text);
        failed(run, errorClass);
        reportFailure(run, attempt, errorClass, text, false, Alert.stageFailure(run.job(), run.partition(), run.runId(),
                "job " + run.job() + " partition " + run.partition().key() + " failed in " + worker.stage().wireName() + ": "
                        + errorClass + ": " + text), correlationId);
    }

    @Override
    public void handle(InboundMessage message) {
        EventEnvelope<?> event = codec.decode(message.body());
        String correlationId = MessageProcessor.correlationIdOf(message);
        if (message.sentTimestamp() != null) {
            long waited = Math.max(0, Duration.between(message.sentTimestamp(), clock.instant()).toMillis());
            metrics.emit(Map.of("Queue", message.sourceQueue().name()), Map.of(), List.of(Metrics.Value.millis(Metrics.QUEUE_WAIT, waited)));
        }
        Work work = workOf(event, correlationId);
        if (work == null) {
            return; // a superseded generation: acknowledged without work
        }
        try (LogContext ignored = LogContext.open().runId(work.run.runId()).correlationId(correlationId)
                .traceId(TraceParent.traceIdOf(work.run.runId())).job(work.run.job())
                .partition(work.run.partition().key()).stage(worker.stage().wireName())) {
            run(work, correlationId);
        }
    }

    private record Work(RunRecord run, JobSpec job, List<StagedOutput> upstream) {
    }

    private Work workOf(EventEnvelope<?> event, String correlationId) {
        Stage stage = worker.stage();
        if (event.data() instanceof JobReleased released) {
            JobSpec job = job(released.job());
            if (released.firstStage() != stage) {
                throw new PoisonMessageException("job-released for " + released.job() + " routes to " + released.firstStage().wireName()
                        + ", not to this " + stage.wireName() + " stage");
            }
            if (!isCurrentRelease(released, correlationId)) {
                return null;
            }
            RunRecord run = runs.createRun(RunRecord.of(released, correlationId, clock.instant()));
            return new Work(run, job, List.of());
        }
        if (event.data() instanceof StageCompleted completed) {
            JobSpec job = job(completed.job());
            if (completed.nextStage() != stage) {
                throw new PoisonMessageException("stage-completed of " + completed.job() + " routes to "
                        + (completed.nextStage() == null ? "no stage" : completed.nextStage().wireName()) + ", not to this " + stage.wireName() + " stage");
            }
            RunRecord run = runs.run(completed.runId()).orElseThrow(() -> new RetryableException(
                    "run " + completed.runId() + " is not recorded yet"));
            return new Work(run, job, completed.outputs());
        }
        throw new PoisonMessageException("the " + stage.wireName() + " queue takes job-released and stage-completed events, not "
                + event.type().type());
    }

    /**
     * Whether {@code released} is the tracker's current release (work on it), or a superseded one (acknowledge). One the
     * tracker never made is refused: poison, with an alert, and no run is created.
     */
    private boolean isCurrentRelease(JobReleased released, String correlationId) {
        try {
            if (releaseCheck.check(released) == ReleaseCheck.Verdict.SUPERSEDED) {
                LOG.info("job-released of {} {} generation {} (run {}) is superseded by a newer release: no work", released.job(),
                        released.partition().key(), released.generation(), released.runId());
                return false;
            }
            return true;
        } catch (PoisonMessageException refused) {
            publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, released.job() + "/" + released.partition().key(),
                    correlationId, Alert.stageFailure(released.job(), released.partition(), released.runId(), refused.getMessage())));
            throw refused;
        }
    }

    private JobSpec job(String name) {
        return specs.findJob(name).orElseThrow(() -> new PoisonMessageException("data.job: unknown job '" + name + "': no spec declares it"));
    }

    private void run(Work work, String correlationId) {
        Instant now = clock.instant();
        // The usual case, the first attempt: one conditional write claims the stage. Only when a record exists (a
        // redelivery, a retry, a takeover) is it read and decided on below.
        Optional<StageRecord> first = runs.compareAndSet(StageRecord.running(work.run.runId(), worker.stage(), 1, now, now.plus(lease)), 0L);
        if (first.isPresent()) {
            runClaimed(work, first.get(), correlationId);
            return;
        }
        Optional<StageRecord> existing = runs.stage(work.run.runId(), worker.stage());
        if (existing.isPresent()) {
            StageRecord record = existing.get();
            switch (record.state()) {
                case SUCCEEDED -> {
                    LOG.info("stage {} of run {} already succeeded: publishing its completion again", worker.stage().wireName(), work.run.runId());
                    publishCompletion(work, record, correlationId);
                    return;
                }
                case FAILED -> {
                    LOG.info("stage {} of run {} already failed for good ({}): nothing to do", worker.stage().wireName(), work.run.runId(), record.errorClass());
                    return;
                }
                case RUNNING -> {
                    if (record.leaseUntil() != null && record.leaseUntil().isAfter(now)) {
                        // Come back when the claim would have expired: if its holder died, that receive takes over.
                        throw new RetryableException("stage " + worker.stage().wireName() + " of run " + work.run.runId()
                                + " is running elsewhere (attempt " + record.attempt() + ") until " + record.leaseUntil(), null,
                                Duration.between(now, record.leaseUntil()).plusSeconds(1));
                    }
                    LOG.warn("stage {} of run {}: attempt {} stopped renewing its claim (it expired at {}): taking over",
                            worker.stage().wireName(), work.run.runId(), record.attempt(), record.leaseUntil());
                }
                case RETRYING -> {
                    // another attempt follows
                }
            }
        }
        int attempt = existing.map(StageRecord::attempt).orElse(0) + 1;
        StageRecord claim = StageRecord.running(work.run.runId(), worker.stage(), attempt, now, now.plus(lease));
        StageRecord claimed = runs.compareAndSet(claim, existing.map(StageRecord::revision).orElse(0L))
                .orElseThrow(() -> new RetryableException("stage " + worker.stage().wireName() + " of run " + work.run.runId()
                        + " was claimed concurrently"));
        runClaimed(work, claimed, correlationId);
    }

    /** Runs the stage under the claim {@code claimed} and records how it ended. */
    private void runClaimed(Work work, StageRecord claimed, String correlationId) {
        int attempt = claimed.attempt();
        LOG.info("stage {} attempt {} started", worker.stage().wireName(), attempt);
        StageOutput output;
        try (LeaseRenewal renewal = LeaseRenewal.start(claimed, runs, clock, lease)) {
            try {
                output = worker.run(new StageWork(work.run, work.job, attempt, work.upstream));
            } finally {
                renewal.close();
                claimed = renewal.current();
            }
        } catch (Exception e) {
            onFailure(work, claimed, e, correlationId);
            return;
        }
        if (output.shadow() != null) {
            // Recorded before the stage succeeds: a redelivery finds it on the run; a retry records its own.
            RunRecord withShadow = work.run.withShadow(output.shadow());
            if (runs.updateRun(withShadow)) {
                completeWith(new Work(withShadow, work.job, work.upstream), claimed, output, correlationId);
                return;
            }
        }
        completeWith(work, claimed, output, correlationId);
    }

    /** Records the stage as succeeded, raises its warnings and publishes what it leads to. */
    private void completeWith(Work work, StageRecord claimed, StageOutput output, String correlationId) {
        Instant finished = clock.instant();
        StageMetrics metrics = StageMetrics.of(claimed.startedAt(), finished, output.rowsIn(), output.rowsOut(), output.bytesOut());
        StageRecord succeeded = runs.compareAndSet(claimed.succeeded(finished, output.outputs(), metrics, output.readyEvents()), claimed.revision())
                .orElseThrow(() -> new RetryableException("stage record of run " + work.run.runId() + " changed while it ran"));
        for (Alert warning : output.warnings()) {
            publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject(work), correlationId, warning));
        }
        LOG.info("stage {} succeeded in {} ms: {} rows in, {} rows out", worker.stage().wireName(), metrics.durationMs(),
                metrics.rowsIn(), metrics.rowsOut());
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Stage", worker.stage().wireName());
        dimensions.put("Job", work.run.job());
        this.metrics.emit(dimensions, Map.of("runId", work.run.runId()), List.of(Metrics.Value.millis(Metrics.STAGE_DURATION, metrics.durationMs()),
                Metrics.Value.count(Metrics.ROWS_IN, metrics.rowsIn()), Metrics.Value.count(Metrics.ROWS_OUT, metrics.rowsOut())));
        publishCompletion(work, succeeded, correlationId);
    }

    /** Publishes what a succeeded stage leads to; safe to repeat (downstream de-duplicates). */
    private void publishCompletion(Work work, StageRecord record, String correlationId) {
        RunRecord run = work.run;
        Optional<Stage> next = work.job.stageAfter(worker.stage());
        if (next.isPresent()) {
            StageCompleted completed = new StageCompleted(run.runId(), run.job(), run.partition(), run.generation(), worker.stage(),
                    record.outputs(), record.metrics(), next.get());
            publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject(work), correlationId, completed),
                    Map.of(MessageAttributes.SIZE_CLASS, work.job.sizeClass().wire()));
            return;
        }
        for (DataReady ready : record.readyEvents()) {
            publisher.publish(Destination.DATA_READY, EventEnvelope.of(source, ready.dataset() + "/" + ready.partition().key(), correlationId, ready));
        }
        List<PublishedOutput> published = record.readyEvents().stream()
                .map(r -> new PublishedOutput(r.dataset(), r.partition(), r.version(), r.manifest(), r.rowCount() == null ? 0 : r.rowCount()))
                .toList();
        Instant now = clock.instant();
        long duration = run.releasedAt() == null ? 0 : Duration.between(run.releasedAt(), now).toMillis();
        publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject(work), correlationId,
                new JobSucceeded(run.runId(), run.job(), run.partition(), run.generation(), published, Math.max(0, duration))));
        runs.updateRun(run.finished(RunRecord.State.SUCCEEDED, now, published, null));
    }

    private void onFailure(Work work, StageRecord claimed, Exception error, String correlationId) {
        ClassifiedException failure = failureOf(error);
        boolean retryable = failure == null || failure.retryable();
        String errorClass = failure != null ? failure.errorClass().wireName() : error.getClass().getSimpleName();
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        int maxAttempts = work.job.retry().maxAttempts();
        boolean exhausted = retryable && claimed.attempt() >= maxAttempts;
        Instant now = clock.instant();
        runs.compareAndSet(claimed.failed(retryable ? StageRecord.State.RETRYING : StageRecord.State.FAILED, now, errorClass, message),
                claimed.revision());
        RunRecord run = work.run;
        failed(run, errorClass);
        if (retryable && !exhausted) {
            LOG.warn("stage {} attempt {}/{} failed, retrying: {}: {}", worker.stage().wireName(), claimed.attempt(), maxAttempts, errorClass, message);
            throw new RetryableException(errorClass + ": " + message, error, backoff(work.job, claimed.attempt()));
        }
        LOG.error("stage {} failed{}: {}: {}", worker.stage().wireName(), exhausted ? " after " + claimed.attempt() + " attempts" : "", errorClass, message, error);
        reportFailure(run, claimed.attempt(), errorClass, message, retryable, alertOf(work, failure, errorClass, message), correlationId);
        if (exhausted) {
            // Park the work in the DLQ with its reason; a redrive after the fix runs the stage again.
            throw new PoisonMessageException("retries exhausted after " + claimed.attempt() + " attempts: " + errorClass + ": " + message, error);
        }
    }

    /**
     * The events of a run that failed in this stage (stage-failed, job-failed and {@code alert}), then the run recorded
     * as failed: the one report every path to a failed run goes through.
     */
    private void reportFailure(RunRecord run, int attempt, String errorClass, String message, boolean retryable, Alert alert,
                               String correlationId) {
        String subject = run.job() + "/" + run.partition().key();
        publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject, correlationId,
                new StageFailed(run.runId(), run.job(), run.partition(), run.generation(), worker.stage(), errorClass, message, retryable, attempt)));
        publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject, correlationId,
                new JobFailed(run.runId(), run.job(), run.partition(), run.generation(), worker.stage(), errorClass, message)));
        publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(source, subject, correlationId, alert));
        if (!runs.updateRun(run.finished(RunRecord.State.FAILED, clock.instant(), List.of(), errorClass + ": " + message))) {
            LOG.warn("run {} succeeded already: the failure of this attempt is not recorded on the run", run.runId());
        }
    }

    /** Counts a failed attempt of this stage by its error class. */
    private void failed(RunRecord run, String errorClass) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Stage", worker.stage().wireName());
        dimensions.put("ErrorClass", errorClass);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("Job", run.job());
        properties.put("runId", run.runId());
        metrics.emit(dimensions, properties, List.of(Metrics.Value.count(Metrics.STAGE_FAILURES, 1)));
    }

    /** The job's retry delay before attempt {@code attempt + 1}: initialBackoff × 2^(attempt-1), capped. */
    static Duration backoff(JobSpec job, int attempt) {
        Duration initial = job.retry().initialBackoff();
        Duration delay = initial.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return delay.compareTo(job.retry().maxBackoff()) > 0 ? job.retry().maxBackoff() : delay;
    }

    /**
     * The failure's alert: its kind and details as the failure gives them ({@link ClassifiedException#alert()}); an
     * alert with details but no dataset names the job's first output.
     */
    private Alert alertOf(Work work, ClassifiedException failure, String errorClass, String message) {
        RunRecord run = work.run;
        String text = "job " + run.job() + " partition " + run.partition().key() + " failed in " + worker.stage().wireName() + ": " + errorClass + ": " + message;
        FailureAlert details = failure == null ? FailureAlert.FAILURE : failure.alert();
        String dataset = details.dataset();
        if (dataset == null && details.kind() != Alert.Kind.FAILURE && !work.job.outputs().isEmpty()) {
            dataset = work.job.outputs().getFirst().dataset();
        }
        return new Alert(details.kind(), Alert.Severity.ERROR, run.job(), run.partition(), run.runId(), dataset, text,
                List.of(), details.differences(), details.check());
    }

    private static ClassifiedException failureOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ClassifiedException f) {
                return f;
            }
            if (t instanceof PoisonMessageException) {
                return new ClassifiedException(ErrorClass.INVALID_WORK, t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String subject(Work work) {
        return work.run.job() + "/" + work.run.partition().key();
    }
}
