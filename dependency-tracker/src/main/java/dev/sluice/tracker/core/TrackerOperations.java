package dev.sluice.tracker.core;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.events.Destination;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DeadlineSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionRange;
import dev.sluice.tracker.core.DependencyTracker.Mode;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.JobPartition;
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.TrackerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's operations API, used by the deadline sweep (scheduled) and the ops CLI: sweep deadlines,
 * force-release (backfill), what a partition waits on, and the release records of a job. Every release
 * goes through the core's {@link DependencyTracker} algorithm, so it is tracked and exactly-once as usual.
 */
public final class TrackerOperations {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerOperations.class);

    private final DependencyTracker tracker;
    private final PipelineSpecs specs;
    private final TrackerStore store;

    public TrackerOperations(DependencyTracker tracker) {
        this.tracker = tracker;
        this.specs = tracker.specs();
        this.store = tracker.store();
    }

    public PipelineSpecs specs() {
        return specs;
    }

    /**
     * Finds waiting job partitions past their deadline. Raises a {@code late-input} alert naming the
     * missing inputs, or, where the job's policy says so, releases with the inputs present. Also finishes
     * releases whose publish did not complete (a {@code PUBLISHING} record whose lease ran out: a partial or
     * forced release that failed between its write and its publish) and evaluates their current inputs.
     *
     * <p>Each partition is handled in isolation: one that fails is logged and the sweep goes on; the failures
     * are thrown together at the end ({@link EvaluationFailedException}). An alert is published exactly once,
     * even with several sweeps running (one per container replica): the sweep first claims the partition
     * (a write of {@code alertedAt} conditional on the record's revision), then publishes, and gives the claim
     * back if the publish fails, so the next sweep tries again.
     */
    public List<Decision> sweepDeadlines() {
        Instant now = tracker.clock().instant();
        List<Decision> decisions = new ArrayList<>();
        Map<JobPartition, RuntimeException> failures = new LinkedHashMap<>();
        // The clock first: a tick due now releases its jobs before their deadlines are looked at.
        for (EventEnvelope<DataReady> tick : new ScheduleClock(specs).due(now)) {
            try {
                decisions.addAll(tracker.onDataReady(tick).decisions());
            } catch (RuntimeException e) {
                LOG.warn("sweep: schedule tick {} failed: {}", tick.subject(), e.toString());
                failures.put(new JobPartition(tick.data().dataset(), tick.data().partition()), e);
            }
        }
        for (ReleaseRecord stale : store.leaseExpired(now)) {
            Optional<JobSpec> job = specs.findJob(stale.job());
            if (job.isEmpty()) {
                continue; // the job was removed since: nobody runs it
            }
            try {
                decisions.add(tracker.evaluate(job.get(), stale.partition(), Mode.ARRIVAL, "sweep-" + stale.jobPartition().id()));
            } catch (RuntimeException e) {
                LOG.warn("sweep: finishing the release of {} failed: {}", stale.jobPartition(), e.toString());
                failures.put(stale.jobPartition(), e);
            }
        }
        for (ReleaseRecord overdue : store.overdue(now)) {
            try {
                sweep(overdue, now).ifPresent(decisions::add);
            } catch (RuntimeException e) {
                LOG.warn("sweep: deadline of {} failed: {}", overdue.jobPartition(), e.toString());
                failures.put(overdue.jobPartition(), e);
            }
        }
        DependencyTracker.throwIfFailed(failures);
        return decisions;
    }

    private Optional<Decision> sweep(ReleaseRecord overdue, Instant now) {
        Optional<JobSpec> job = specs.findJob(overdue.job());
        if (job.isEmpty() || job.get().deadlineSpec().isEmpty()) {
            store.compareAndSet(overdue.withAlertedAt(now), overdue.revision()); // job or deadline removed since
            return Optional.empty();
        }
        String id = overdue.jobPartition().id();
        String correlationId = "deadline-" + id;
        DeadlineSpec deadline = job.get().deadline();
        if (deadline.onMissed() == DeadlineSpec.OnMissed.RELEASE_PARTIAL) {
            return Optional.of(tracker.evaluate(job.get(), overdue.partition(), Mode.DEADLINE, correlationId));
        }
        List<DatasetPartition> missing = tracker.missingInputs(job.get(), overdue.partition());
        if (missing.isEmpty()) {
            return Optional.of(tracker.evaluate(job.get(), overdue.partition(), Mode.ARRIVAL, correlationId));
        }
        // Claim, then publish: of concurrent sweeps, only the one whose claim wins alerts.
        Optional<ReleaseRecord> claimed = store.compareAndSet(overdue.withAlertedAt(now), overdue.revision());
        if (claimed.isEmpty()) {
            LOG.debug("sweep: {} was claimed or changed by another writer", id);
            return Optional.empty();
        }
        Alert alert = Alert.lateInputs(overdue.job(), overdue.partition(),
                "job " + overdue.job() + " partition " + overdue.partition().key() + " passed its deadline "
                        + overdue.deadlineAt() + " waiting on " + describe(missing),
                missing);
        try {
            tracker.publisher().publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(DependencyTracker.SOURCE, id, correlationId, alert));
        } catch (RuntimeException e) {
            // Give the claim back (unless the record moved on meanwhile) so that the next sweep alerts.
            store.compareAndSet(claimed.get().withAlertedAt(null), claimed.get().revision());
            throw e;
        }
        LOG.warn("late inputs job={} partition={} deadline={} missing={}", overdue.job(), overdue.partition().key(), overdue.deadlineAt(), describe(missing));
        return Optional.of(Decision.waiting(overdue.job(), overdue.partition(), missing));
    }

    /**
     * Releases {@code job} for each partition now, with the inputs present, as a new generation
     * (backfill, re-run). The releases record which inputs were missing.
     */
    public List<Decision> forceRelease(String jobName, List<Partition> partitions, String correlationId) {
        JobSpec job = specs.job(jobName);
        partitions.forEach(q -> tracker.mapper().checkJobPartition(job, q));
        List<Decision> decisions = new ArrayList<>();
        for (Partition q : partitions) {
            decisions.add(tracker.evaluate(job, q, Mode.FORCE, correlationId));
        }
        return decisions;
    }

    /** What {@code (J, q)} waits on: each required input with its version, or missing. */
    public WaitingReport waitingOn(String jobName, Partition q) {
        JobSpec job = specs.job(jobName);
        tracker.mapper().checkJobPartition(job, q);
        Optional<ReleaseRecord> release = store.release(jobName, q);
        List<DatasetPartition> required = tracker.required(job, q);
        Map<DatasetPartition, DatasetVersion> versions = store.versions(required);
        List<WaitingReport.Input> inputs = required.stream()
                .map(r -> new WaitingReport.Input(r.dataset(), r.partition(), Optional.ofNullable(versions.get(r))))
                .toList();
        return new WaitingReport(jobName, q, release, inputs);
    }

    /** The partitions of {@code job} from {@code from} to {@code to} (inclusive) along its date dimension. */
    public List<Partition> partitionRange(String jobName, Partition from, Partition to) {
        JobSpec job = specs.job(jobName);
        tracker.mapper().checkJobPartition(job, from);
        tracker.mapper().checkJobPartition(job, to);
        return PartitionRange.between(jobName, specs.partitioningOf(job), from, to);
    }

    /** Every release record of {@code job} (waiting, publishing, published), in partition order. */
    public List<ReleaseRecord> releasesOf(String jobName) {
        return store.releasesOf(jobName);
    }

    private static String describe(List<DatasetPartition> partitions) {
        return partitions.stream().map(p -> p.dataset() + "[" + p.partition().key() + "]").toList().toString();
    }
}
