package dev.sluice.tracker.core;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.EventPublisher;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionMapper;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.JobPartition;
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.ReleaseRecord.State;
import dev.sluice.tracker.store.TrackerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependency tracker's core: releases each job exactly once per partition and input-version set.
 *
 * <p>A data-ready event for {@code (D, p, v)} is handled in three steps (see docs/architecture.md):
 * <ol>
 *   <li><b>record</b> {@code D/p = v} with a conditional write (newer versions only);</li>
 *   <li><b>check</b> every job partition {@code (J, q)} that {@code D/p} feeds, reading the release record
 *       <em>before</em> the input versions, both strongly consistent;</li>
 *   <li><b>release</b> when all inputs are present and their hash differs from the current release: a
 *       write conditional on the record's revision, so exactly one concurrent evaluator wins, and the
 *       winner publishes {@code job-released}.</li>
 * </ol>
 * Because every evaluator writes before it reads, the last input to arrive always sees every input.
 * Reading the release before the versions means a winner's inputs are always visible to a later
 * evaluator, so a stale input set can never be released after a newer one.
 *
 * <p>The operations on top of this algorithm (deadline sweep, force-release, what a partition waits on)
 * are {@link TrackerOperations}.
 */
public final class DependencyTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyTracker.class);
    static final String SOURCE = "sluice/dependency-tracker";
    private static final EventCodec CODEC = new EventCodec();
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneId.of("UTC"));

    /** How an evaluation was started: what a release may do about missing inputs. */
    enum Mode {
        /** An input arrived: release only with every input present. */
        ARRIVAL(JobReleased.Reason.ALL_INPUTS_READY),
        /** The deadline passed and the job's policy releases with the inputs present. */
        DEADLINE(JobReleased.Reason.DEADLINE),
        /** An operator forced a release (backfill): always a new generation. */
        FORCE(JobReleased.Reason.FORCED);

        final JobReleased.Reason reason;

        Mode(JobReleased.Reason reason) {
            this.reason = reason;
        }
    }

    /** The result of one data-ready event. */
    public record Outcome(TrackerStore.RecordOutcome recorded, List<Decision> decisions) {
    }

    private final PipelineSpecs specs;
    private final PartitionMapper mapper;
    private final TrackerStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final TrackerOptions options;

    public DependencyTracker(PipelineSpecs specs, TrackerStore store, EventPublisher publisher, Clock clock, TrackerOptions options) {
        this.specs = specs;
        this.mapper = new PartitionMapper(specs);
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.options = options;
    }

    public PipelineSpecs specs() {
        return specs;
    }

    // The collaborators TrackerOperations shares; the store is not part of the public API.
    PartitionMapper mapper() {
        return mapper;
    }

    TrackerStore store() {
        return store;
    }

    EventPublisher publisher() {
        return publisher;
    }

    /** The clock the tracker decides by (leases, deadlines). */
    public Clock clock() {
        return clock;
    }

    // ---- event in ---------------------------------------------------------------------------------

    /**
     * Handles one data-ready event. Throws {@link IllegalArgumentException} for an event that can never
     * succeed (unknown dataset, bad partition) and {@link ReleaseInProgressException} or a publish failure
     * for one that should be retried.
     */
    /**
     * Refuses a version that would poison the partition: one from the future (above the current time in epoch
     * milliseconds, plus a day for clock skew: counters and epoch-millisecond versions both stay below it), or one far
     * ahead of the recorded version ({@link TrackerOptions#maxVersionJump()}). Either would make every later, genuine
     * version of the partition stale. Nothing is recorded.
     */
    private void checkVersion(DataReady ready) {
        long ceiling = clock.millis() + Duration.ofDays(1).toMillis();
        if (ready.version() > ceiling) {
            throw new IllegalArgumentException("data.version: " + ready.version() + " of " + ready.dataset() + " "
                    + ready.partition().key() + " is ahead of the current time in epoch milliseconds (" + clock.millis()
                    + "); versions are counters or epoch milliseconds");
        }
        DatasetPartition key = new DatasetPartition(ready.dataset(), ready.partition());
        DatasetVersion current = store.versions(List.of(key)).get(key);
        if (current != null && ready.version() - current.version() > options.maxVersionJump()) {
            throw new IllegalArgumentException("data.version: " + ready.version() + " of " + ready.dataset() + " "
                    + ready.partition().key() + " jumps more than " + options.maxVersionJump()
                    + " (SLUICE_TRACKER_MAX_VERSION_JUMP) ahead of the recorded version " + current.version());
        }
    }

    /**
     * Raises an alert for a refused data-ready event (a publisher that may not publish it, a version out of bounds, a
     * partition of the wrong shape), naming the jobs it would have fed, so that the refusal is seen, not only parked in
     * the DLQ. Nothing else changes. Best effort: a failure to publish the alert is logged, and the event is still
     * dead-lettered with its reason.
     */
    public void alertRefused(EventEnvelope<DataReady> event, String reason) {
        DataReady ready = event.data();
        List<JobSpec> consumers = specs.consumersOf(ready.dataset());
        if (consumers.isEmpty()) {
            return; // an unknown or unconsumed dataset feeds nothing: the DLQ's reason is enough
        }
        String correlationId = event.correlationId() != null ? event.correlationId() : event.id();
        String jobs = consumers.stream().map(JobSpec::name).toList().toString();
        Alert alert = Alert.refusedEvent(consumers.getFirst().name(), ready.partition(), ready.dataset(), "refused data-ready of " + ready.dataset() + " " + ready.partition().key() + " v" + ready.version()
                        + " (event " + event.id() + " from " + event.source() + ") for jobs " + jobs + ": " + reason);
        try {
            publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(SOURCE, ready.dataset() + "/" + ready.partition().key(),
                    correlationId, alert));
        } catch (RuntimeException e) {
            LOG.warn("could not publish the alert for refused data-ready {}: {}", event.id(), e.toString());
        }
    }

    public Outcome onDataReady(EventEnvelope<DataReady> event) {
        DataReady ready = event.data();
        if (specs.findDataset(ready.dataset()).isEmpty()) {
            throw new IllegalArgumentException("data.dataset: unknown dataset '" + ready.dataset() + "': no spec declares it");
        }
        try {
            mapper.checkPartition(ready.dataset(), ready.partition());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data.partition: " + e.getMessage(), e);
        }
        checkVersion(ready);
        // 1. record the version (a duplicate or older event still goes on, idempotently)
        TrackerStore.RecordOutcome recorded = store.recordVersion(DatasetVersion.of(ready, event.id(), clock.instant()));
        LOG.info("recorded {} {} v{}: {}", ready.dataset(), ready.partition().key(), ready.version(), recorded);
        // 2. every job partition the input feeds, then 3. release where complete
        String correlationId = event.correlationId() != null ? event.correlationId() : event.id();
        List<Decision> decisions = new ArrayList<>();
        Map<JobSpec, Set<Partition>> affectedPartitions = affectedPartitions(ready);
        Map<JobPartition, Prefetch> prefetched = prefetch(affectedPartitions);
        // Each job partition in isolation: one that fails never stops the evaluation of the others.
        Map<JobPartition, RuntimeException> failures = new LinkedHashMap<>();
        for (Map.Entry<JobSpec, Set<Partition>> affected : affectedPartitions.entrySet()) {
            for (Partition q : affected.getValue()) {
                JobPartition key = new JobPartition(affected.getKey().name(), q);
                try {
                    decisions.add(evaluate(affected.getKey(), q, Mode.ARRIVAL, correlationId, prefetched.get(key)));
                } catch (RuntimeException e) {
                    LOG.warn("evaluation of {} failed: {}", key, e.toString());
                    failures.put(key, e);
                }
            }
        }
        throwIfFailed(failures);
        return new Outcome(recorded, decisions);
    }

    /**
     * Reports the failures of evaluations made in isolation: a lone {@link ReleaseInProgressException} as
     * itself, anything else as an {@link EvaluationFailedException} naming every failed job partition.
     */
    static void throwIfFailed(Map<JobPartition, RuntimeException> failures) {
        if (failures.isEmpty()) {
            return;
        }
        if (failures.size() == 1 && failures.values().iterator().next() instanceof ReleaseInProgressException e) {
            throw e;
        }
        throw new EvaluationFailedException(failures);
    }

    private Map<JobSpec, Set<Partition>> affectedPartitions(DataReady ready) {
        Map<JobSpec, Set<Partition>> affected = new LinkedHashMap<>();
        for (JobSpec job : specs.consumersOf(ready.dataset())) {
            Set<Partition> partitions = affected.computeIfAbsent(job, j -> new LinkedHashSet<>());
            for (InputSpec input : job.inputs()) {
                if (!input.dataset().equals(ready.dataset())) {
                    continue;
                }
                if (mapper.isOpenEnded(input)) {
                    // An unpartitioned input feeds every partition: complete those waiting on it, and those
                    // released without it (a partial release at the deadline, or a forced one).
                    store.releasesOf(job.name()).stream()
                            .filter(r -> r.state() == State.WAITING
                                    || r.missing().stream().anyMatch(m -> m.dataset().equals(ready.dataset())))
                            .forEach(r -> partitions.add(r.partition()));
                    if (job.inputs().stream().allMatch(mapper::isOpenEnded)) {
                        // Every input is open-ended: the job's one partition is the unpartitioned one, released on
                        // its inputs' arrival (the validator refuses a partitioned job without a partitioned input).
                        partitions.add(Partition.NONE);
                    }
                } else {
                    partitions.addAll(mapper.affectedJobPartitions(job, input, ready.partition()));
                }
            }
        }
        return affected;
    }

    /** Reads of one job partition made up front, for all partitions of an event at once. */
    private record Prefetch(Optional<ReleaseRecord> release, Map<DatasetPartition, DatasetVersion> versions) {
    }

    /**
     * Two batch reads for every job partition an event feeds: first their release records, then all their
     * inputs' versions — the same order as one partition's evaluation. Jobs with an open-ended input get
     * their WAITING record written between the two (write before read). A partition whose record could not
     * be written is left out and evaluated with fresh reads.
     */
    private Map<JobPartition, Prefetch> prefetch(Map<JobSpec, Set<Partition>> affected) {
        List<JobPartition> keys = new ArrayList<>();
        affected.forEach((job, qs) -> qs.forEach(q -> keys.add(new JobPartition(job.name(), q))));
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<JobPartition, ReleaseRecord> releases = new LinkedHashMap<>(store.releases(keys));
        Set<JobPartition> skip = new HashSet<>();
        Instant now = clock.instant();
        List<DatasetPartition> versionKeys = new ArrayList<>();
        for (Map.Entry<JobSpec, Set<Partition>> e : affected.entrySet()) {
            JobSpec job = e.getKey();
            for (Partition q : e.getValue()) {
                JobPartition key = new JobPartition(job.name(), q);
                if (!releases.containsKey(key) && hasOpenEndedInput(job)) {
                    Optional<ReleaseRecord> created = store.compareAndSet(ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now)), 0);
                    if (created.isEmpty()) {
                        skip.add(key);
                        continue;
                    }
                    releases.put(key, created.get());
                }
                versionKeys.addAll(required(job, q));
            }
        }
        Map<DatasetPartition, DatasetVersion> versions = store.versions(versionKeys);
        Map<JobPartition, Prefetch> out = new LinkedHashMap<>();
        for (JobPartition k : keys) {
            if (!skip.contains(k)) {
                out.put(k, new Prefetch(Optional.ofNullable(releases.get(k)), versions));
            }
        }
        return out;
    }

    // ---- decision and state change ----------------------------------------------------------------

    Decision evaluate(JobSpec job, Partition q, Mode mode, String correlationId) {
        return evaluate(job, q, mode, correlationId, null);
    }

    /** Evaluates {@code (J, q)}; the first attempt may use prefetched reads, later ones read afresh. */
    private Decision evaluate(JobSpec job, Partition q, Mode mode, String correlationId, Prefetch prefetch) {
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            Optional<Decision> decided = tryEvaluate(job, q, mode, correlationId, attempt == 1 ? prefetch : null);
            if (decided.isPresent()) {
                return decided.get();
            }
            LOG.debug("lost the conditional write for {} {} (attempt {}), evaluating again", job.name(), q.key(), attempt);
        }
        throw new ReleaseInProgressException("job " + job.name() + " partition " + q.key() + ": still contended after "
                + options.maxAttempts() + " conditional-write attempts");
    }

    /** One read-decide-write round; empty when another writer changed the record in between. */
    private Optional<Decision> tryEvaluate(JobSpec job, Partition q, Mode mode, String correlationId, Prefetch prefetch) {
        Instant now = clock.instant();
        if (prefetch != null) {
            return decide(job, q, mode, correlationId, now, prefetch.release(), inputsFrom(required(job, q), prefetch.versions()));
        }
        Optional<ReleaseRecord> existing = store.release(job.name(), q); // the release first, then the versions
        if (existing.isEmpty() && hasOpenEndedInput(job)) {
            // Write before read, as for versions: an arriving open-ended input lists the waiting partitions
            // after recording its version, so either it sees this record or this evaluation sees its version.
            existing = store.compareAndSet(ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now)), 0);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
        }
        return decide(job, q, mode, correlationId, now, existing, readInputs(job, q));
    }

    /** The decision on {@code (J, q)} from its release record and inputs, read in that order. */
    private Optional<Decision> decide(JobSpec job, Partition q, Mode mode, String correlationId, Instant now,
                                      Optional<ReleaseRecord> existing, Inputs inputs) {
        if (existing.isPresent() && existing.get().state() == State.PUBLISHING) {
            ReleaseRecord publishing = existing.get();
            boolean leaseExpired = publishing.leaseUntil() == null || !publishing.leaseUntil().isAfter(now);
            if (!leaseExpired) {
                if (mode == Mode.ARRIVAL && !inputs.missing().isEmpty()) {
                    return Optional.of(Decision.waiting(job.name(), q, inputs.missing()));
                }
                if (mode == Mode.ARRIVAL && InputsHash.of(inputs.present(), List.of()).equals(publishing.inputsHash())) {
                    // Another evaluator is publishing exactly this input set: nothing left to do here.
                    return Optional.of(Decision.alreadyReleased(publishing));
                }
                throw new ReleaseInProgressException("job " + job.name() + " partition " + q.key() + ": generation "
                        + publishing.generation() + " (run " + publishing.runId() + ") is being published until "
                        + publishing.leaseUntil(), publishing.leaseUntil());
            }
            // The winner crashed (or failed) between its write and its publish: publish the same runId.
            Optional<ReleaseRecord> taken = store.compareAndSet(publishing.withLeaseUntil(now.plus(options.publishLease())), publishing.revision());
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            Optional<ReleaseRecord> confirmed = publishAndConfirm(job, taken.get(), correlationId);
            LOG.info("re-published job-released job={} partition={} runId={} generation={}", job.name(), q.key(),
                    taken.get().runId(), taken.get().generation());
            if (confirmed.isEmpty()) {
                return Optional.empty(); // another writer moved the record on: evaluate again with fresh reads
            }
            // Then go on with the inputs just read (after the record, so they are valid against it): a newer
            // input set than the old run's is released as the next generation.
            Optional<Decision> next = decide(job, q, mode, correlationId, now, confirmed, inputs);
            if (next.isEmpty()) {
                return next;
            }
            Decision.Kind kind = next.get().kind();
            return kind == Decision.Kind.RELEASED ? next : Optional.of(Decision.republished(taken.get()));
        }

        if (!inputs.missing().isEmpty() && mode == Mode.ARRIVAL) {
            if (existing.isEmpty()) {
                ReleaseRecord waiting = ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now));
                if (store.compareAndSet(waiting, 0).isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.of(Decision.waiting(job.name(), q, inputs.missing()));
        }

        List<DatasetPartition> missing = mode == Mode.ARRIVAL ? List.of() : inputs.missing();
        String hash = InputsHash.of(inputs.present(), missing);
        if (existing.isPresent() && existing.get().released() && mode != Mode.FORCE) {
            ReleaseRecord current = existing.get();
            if (hash.equals(current.inputsHash())) {
                return Optional.of(Decision.alreadyReleased(current));
            }
            if (!job.trigger().releaseOnRepublish()) {
                return Optional.of(Decision.republishDisabled(current));
            }
        }

        // The first release grows out of a waiting record that was never stored (revision 0).
        ReleaseRecord previous = existing.orElseGet(() -> ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now)));
        ReleaseRecord release = previous.nextGeneration(newRunId(now), hash, inputs.present(), missing, mode.reason,
                specs.digest(job), now, now.plus(options.publishLease()));
        // Built and size-checked before the write: an event that cannot be published never leaves a record
        // PUBLISHING (the validator already refuses specs whose releases cannot fit).
        jobReleased(job, release, correlationId);
        Optional<ReleaseRecord> won = store.compareAndSet(release, previous.revision());
        if (won.isEmpty()) {
            return Optional.empty();
        }
        publishAndConfirm(job, won.get(), correlationId);
        LOG.info("released job={} partition={} runId={} generation={} reason={} missing={}", job.name(), q.key(),
                release.runId(), release.generation(), mode.reason, missing);
        return Optional.of(Decision.released(won.get()));
    }

    private boolean hasOpenEndedInput(JobSpec job) {
        return job.inputs().stream().anyMatch(mapper::isOpenEnded);
    }

    /** The inputs of {@code (J, q)}: present versions and missing partitions, in spec order. */
    private record Inputs(List<InputVersion> present, List<DatasetPartition> missing) {
    }

    private Inputs readInputs(JobSpec job, Partition q) {
        List<DatasetPartition> required = required(job, q);
        return inputsFrom(required, store.versions(required));
    }

    /** The inputs {@code (J, q)} still misses, read afresh. */
    List<DatasetPartition> missingInputs(JobSpec job, Partition q) {
        return readInputs(job, q).missing();
    }

    private static Inputs inputsFrom(List<DatasetPartition> required, Map<DatasetPartition, DatasetVersion> versions) {
        List<InputVersion> present = new ArrayList<>();
        List<DatasetPartition> missing = new ArrayList<>();
        for (DatasetPartition r : required) {
            DatasetVersion v = versions.get(r);
            if (v == null) {
                missing.add(r);
            } else {
                present.add(v.toInput());
            }
        }
        return new Inputs(present, missing);
    }

    /** Every input partition {@code (J, q)} needs, without duplicates, in spec order. */
    List<DatasetPartition> required(JobSpec job, Partition q) {
        Set<DatasetPartition> required = new LinkedHashSet<>();
        for (InputSpec input : job.inputs()) {
            for (Partition p : mapper.requiredInputs(job, input, q)) {
                required.add(new DatasetPartition(input.dataset(), p));
            }
        }
        return List.copyOf(required);
    }

    // ---- event out --------------------------------------------------------------------------------

    /** The job-released event of {@code release}, checked to fit a message. */
    private EventEnvelope<JobReleased> jobReleased(JobSpec job, ReleaseRecord release, String correlationId) {
        JobReleased data = new JobReleased(release.runId(), job.name(), release.partition(), release.generation(),
                release.inputs(), release.specDigest(), release.inputsHash(), release.reason(), release.missing(), job.firstStage());
        EventEnvelope<JobReleased> event = EventEnvelope.of(SOURCE, job.name() + "/" + release.partition().key(), correlationId, data);
        try {
            CODEC.encode(event);
        } catch (IllegalArgumentException e) {
            throw new ClassifiedException(ErrorClass.INVALID_SPEC, "job " + job.name() + " partition " + release.partition().key()
                    + ": its job-released (" + release.inputs().size() + " inputs) cannot be published: " + e.getMessage(), e);
        }
        return event;
    }

    /** Publishes {@code release} and confirms it; the confirmed record, or empty when the confirm write was lost. */
    private Optional<ReleaseRecord> publishAndConfirm(JobSpec job, ReleaseRecord release, String correlationId) {
        EventEnvelope<JobReleased> event = jobReleased(job, release, correlationId);
        try {
            publisher.publish(Destination.PIPELINE_EVENTS, event, Map.of(MessageAttributes.SIZE_CLASS, job.sizeClass().wire()));
        } catch (RuntimeException e) {
            // Give the lease back so the redelivery publishes this same runId at once, then retry.
            store.compareAndSet(release.withLeaseUntil(null), release.revision());
            throw e;
        }
        // Confirm; if this write is lost, a redelivery finds PUBLISHING after the lease and publishes the
        // same runId again, which downstream de-duplicates by (runId, stage).
        return store.compareAndSet(release.withState(State.PUBLISHED).withLeaseUntil(null), release.revision());
    }

    /**
     * The deadline of {@code (J, q)} (see {@link dev.sluice.spec.model.DeadlineSpec#deadlineOf}); null for a
     * job without one.
     */
    Instant deadlineOf(JobSpec job, Partition q, Instant firstSeen) {
        return job.deadline() == null ? null : job.deadline().deadlineOf(specs.partitioningOf(job), q, firstSeen);
    }

    private static String newRunId(Instant now) {
        return RUN_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
