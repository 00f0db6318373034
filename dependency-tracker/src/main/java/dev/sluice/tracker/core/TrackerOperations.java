package dev.sluice.tracker.core;

import dev.sluice.contracts.Alert;
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
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.TrackerStore;
import java.time.Instant;
import java.util.ArrayList;
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
     * missing inputs, or, where the job's policy says so, releases with the inputs present.
     */
    public List<Decision> sweepDeadlines() {
        Instant now = tracker.clock().instant();
        List<Decision> decisions = new ArrayList<>();
        for (ReleaseRecord overdue : store.overdue(now)) {
            Optional<JobSpec> job = specs.findJob(overdue.job());
            if (job.isEmpty() || job.get().deadlineSpec().isEmpty()) {
                store.compareAndSet(overdue.withAlertedAt(now), overdue.revision()); // job or deadline removed since
                continue;
            }
            String id = overdue.jobPartition().id();
            String correlationId = "deadline-" + id;
            DeadlineSpec deadline = job.get().deadline();
            if (deadline.onMissed() == DeadlineSpec.OnMissed.RELEASE_PARTIAL) {
                decisions.add(tracker.evaluate(job.get(), overdue.partition(), Mode.DEADLINE, correlationId));
                continue;
            }
            List<DatasetPartition> missing = tracker.missingInputs(job.get(), overdue.partition());
            if (missing.isEmpty()) {
                decisions.add(tracker.evaluate(job.get(), overdue.partition(), Mode.ARRIVAL, correlationId));
                continue;
            }
            Alert alert = Alert.lateInputs(overdue.job(), overdue.partition(),
                    "job " + overdue.job() + " partition " + overdue.partition().key() + " passed its deadline "
                            + overdue.deadlineAt() + " waiting on " + describe(missing),
                    missing);
            tracker.publisher().publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(DependencyTracker.SOURCE, id, correlationId, alert));
            store.compareAndSet(overdue.withAlertedAt(now), overdue.revision());
            LOG.warn("late inputs job={} partition={} deadline={} missing={}", overdue.job(), overdue.partition().key(), overdue.deadlineAt(), describe(missing));
            decisions.add(Decision.waiting(overdue.job(), overdue.partition(), missing));
        }
        return decisions;
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
