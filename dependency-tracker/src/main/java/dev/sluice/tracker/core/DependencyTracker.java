package dev.sluice.tracker.core;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.EventPublisher;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.CronExpression;
import dev.sluice.spec.model.DeadlineSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionMapper;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.ReleaseRecord.State;
import dev.sluice.tracker.store.TrackerStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 */
public final class DependencyTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyTracker.class);
    static final String SOURCE = "sluice/dependency-tracker";
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

    public TrackerStore store() {
        return store;
    }

    // ---- event in ---------------------------------------------------------------------------------

    /**
     * Handles one data-ready event. Throws {@link IllegalArgumentException} for an event that can never
     * succeed (unknown dataset, bad partition) and {@link ReleaseInProgressException} or a publish failure
     * for one that should be retried.
     */
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
        // 1. record the version (a duplicate or older event still goes on, idempotently)
        TrackerStore.RecordOutcome recorded = store.recordVersion(DatasetVersion.of(ready, event.id(), clock.instant()));
        LOG.info("recorded {} {} v{}: {}", ready.dataset(), ready.partition().key(), ready.version(), recorded);
        // 2. every job partition the input feeds, then 3. release where complete
        String correlationId = event.correlationId() != null ? event.correlationId() : event.id();
        List<Decision> decisions = new ArrayList<>();
        Map<JobSpec, Set<Partition>> affectedPartitions = affectedPartitions(ready);
        Map<String, Prefetch> prefetched = prefetch(affectedPartitions);
        for (Map.Entry<JobSpec, Set<Partition>> affected : affectedPartitions.entrySet()) {
            for (Partition q : affected.getValue()) {
                decisions.add(evaluate(affected.getKey(), q, Mode.ARRIVAL, correlationId,
                        prefetched.get(ReleaseRecord.key(affected.getKey().name(), q))));
            }
        }
        return new Outcome(recorded, decisions);
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
                    // An unpartitioned input feeds every partition: complete those waiting on it.
                    store.releasesOf(job.name()).stream()
                            .filter(r -> r.state() == State.WAITING)
                            .forEach(r -> partitions.add(r.partition()));
                } else {
                    partitions.addAll(mapper.affectedJobPartitions(job, input, ready.partition()));
                }
            }
        }
        return affected;
    }

    /** Reads of one job partition made up front, for all partitions of an event at once. */
    private record Prefetch(Optional<ReleaseRecord> release, Map<String, DatasetVersion> versions) {
    }

    /**
     * Two batch reads for every job partition an event feeds: first their release records, then all their
     * inputs' versions — the same order as one partition's evaluation. Jobs with an open-ended input get
     * their WAITING record written between the two (write before read). A partition whose record could not
     * be written is left out and evaluated with fresh reads.
     */
    private Map<String, Prefetch> prefetch(Map<JobSpec, Set<Partition>> affected) {
        List<TrackerStore.JobPartition> keys = new ArrayList<>();
        affected.forEach((job, qs) -> qs.forEach(q -> keys.add(new TrackerStore.JobPartition(job.name(), q))));
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, ReleaseRecord> releases = new LinkedHashMap<>(store.releases(keys));
        Set<String> skip = new java.util.HashSet<>();
        Instant now = clock.instant();
        List<String> versionKeys = new ArrayList<>();
        for (Map.Entry<JobSpec, Set<Partition>> e : affected.entrySet()) {
            JobSpec job = e.getKey();
            for (Partition q : e.getValue()) {
                String key = ReleaseRecord.key(job.name(), q);
                if (!releases.containsKey(key) && hasOpenEndedInput(job)) {
                    Optional<ReleaseRecord> created = store.compareAndSet(ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now)), 0);
                    if (created.isEmpty()) {
                        skip.add(key);
                        continue;
                    }
                    releases.put(key, created.get());
                }
                required(job, q).forEach(r -> versionKeys.add(DatasetVersion.key(r.dataset(), r.partition())));
            }
        }
        Map<String, DatasetVersion> versions = store.versions(versionKeys);
        Map<String, Prefetch> out = new LinkedHashMap<>();
        for (TrackerStore.JobPartition k : keys) {
            if (!skip.contains(k.key())) {
                out.put(k.key(), new Prefetch(Optional.ofNullable(releases.get(k.key())), versions));
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
                    return Optional.of(new Decision(job.name(), q, Decision.Kind.WAITING, null, 0, inputs.missing()));
                }
                if (mode == Mode.ARRIVAL && InputsHash.of(inputs.present(), List.of()).equals(publishing.inputsHash())) {
                    // Another evaluator is publishing exactly this input set: nothing left to do here.
                    return Optional.of(new Decision(job.name(), q, Decision.Kind.ALREADY_RELEASED, publishing.runId(), publishing.generation(), publishing.missing()));
                }
                throw new ReleaseInProgressException("job " + job.name() + " partition " + q.key() + ": generation "
                        + publishing.generation() + " (run " + publishing.runId() + ") is being published");
            }
            // The winner crashed (or failed) between its write and its publish: publish the same runId.
            Optional<ReleaseRecord> taken = store.compareAndSet(publishing.withLeaseUntil(now.plus(options.publishLease())), publishing.revision());
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            publishAndConfirm(job, taken.get(), correlationId);
            LOG.info("re-published job-released job={} partition={} runId={} generation={}", job.name(), q.key(),
                    taken.get().runId(), taken.get().generation());
            return Optional.of(new Decision(job.name(), q, Decision.Kind.REPUBLISHED, taken.get().runId(), taken.get().generation(), taken.get().missing()));
        }

        if (!inputs.missing().isEmpty() && mode == Mode.ARRIVAL) {
            if (existing.isEmpty()) {
                ReleaseRecord waiting = ReleaseRecord.waiting(job.name(), q, now, deadlineOf(job, q, now));
                if (store.compareAndSet(waiting, 0).isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Decision(job.name(), q, Decision.Kind.WAITING, null, 0, inputs.missing()));
        }

        List<DatasetPartition> missing = mode == Mode.ARRIVAL ? List.of() : inputs.missing();
        String hash = InputsHash.of(inputs.present(), missing);
        if (existing.isPresent() && existing.get().released() && mode != Mode.FORCE) {
            ReleaseRecord current = existing.get();
            if (hash.equals(current.inputsHash())) {
                return Optional.of(new Decision(job.name(), q, Decision.Kind.ALREADY_RELEASED, current.runId(), current.generation(), current.missing()));
            }
            if (!job.trigger().releaseOnRepublish()) {
                return Optional.of(new Decision(job.name(), q, Decision.Kind.REPUBLISH_DISABLED, current.runId(), current.generation(), current.missing()));
            }
        }

        ReleaseRecord previous = existing.orElse(null);
        int generation = previous == null ? 1 : previous.generation() + 1;
        ReleaseRecord release = new ReleaseRecord(job.name(), q, State.PUBLISHING, generation,
                newRunId(now), hash, inputs.present(), missing, mode.reason, specs.digest(job),
                previous == null ? now : previous.firstSeenAt(), now,
                previous == null ? deadlineOf(job, q, now) : previous.deadlineAt(),
                previous == null ? null : previous.alertedAt(),
                now.plus(options.publishLease()), 0);
        Optional<ReleaseRecord> won = store.compareAndSet(release, previous == null ? 0 : previous.revision());
        if (won.isEmpty()) {
            return Optional.empty();
        }
        publishAndConfirm(job, won.get(), correlationId);
        LOG.info("released job={} partition={} runId={} generation={} reason={} missing={}", job.name(), q.key(),
                release.runId(), generation, mode.reason, missing);
        return Optional.of(new Decision(job.name(), q, Decision.Kind.RELEASED, release.runId(), generation, missing));
    }

    private boolean hasOpenEndedInput(JobSpec job) {
        return job.inputs().stream().anyMatch(mapper::isOpenEnded);
    }

    /** The inputs of {@code (J, q)}: present versions and missing partitions, in spec order. */
    private record Inputs(List<InputVersion> present, List<DatasetPartition> missing) {
    }

    private Inputs readInputs(JobSpec job, Partition q) {
        List<DatasetPartition> required = required(job, q);
        return inputsFrom(required, store.versions(required.stream().map(r -> DatasetVersion.key(r.dataset(), r.partition())).toList()));
    }

    private static Inputs inputsFrom(List<DatasetPartition> required, Map<String, DatasetVersion> versions) {
        List<InputVersion> present = new ArrayList<>();
        List<DatasetPartition> missing = new ArrayList<>();
        for (DatasetPartition r : required) {
            DatasetVersion v = versions.get(DatasetVersion.key(r.dataset(), r.partition()));
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

    private void publishAndConfirm(JobSpec job, ReleaseRecord release, String correlationId) {
        JobReleased data = new JobReleased(release.runId(), job.name(), release.partition(), release.generation(),
                release.inputs(), release.specDigest(), release.inputsHash(), release.reason(), release.missing(), job.firstStage());
        EventEnvelope<JobReleased> event = EventEnvelope.of(SOURCE, job.name() + "/" + release.partition().key(), correlationId, data);
        try {
            publisher.publish(Destination.PIPELINE_EVENTS, event, Map.of(MessageAttributes.SIZE_CLASS, job.sizeClass().wire()));
        } catch (RuntimeException e) {
            // Give the lease back so the redelivery publishes this same runId at once, then retry.
            store.compareAndSet(release.withLeaseUntil(null), release.revision());
            throw e;
        }
        // Confirm; if this write is lost, a redelivery finds PUBLISHING after the lease and publishes the
        // same runId again, which downstream de-duplicates by (runId, stage).
        store.compareAndSet(release.withState(State.PUBLISHED).withLeaseUntil(null), release.revision());
    }

    // ---- deadlines, force-release and status: the API of the ops CLI --------------------------------

    /**
     * Finds waiting job partitions past their deadline. Raises a {@code late-input} alert naming the
     * missing inputs, or, where the job's policy says so, releases with the inputs present.
     */
    public List<Decision> sweepDeadlines() {
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>();
        for (ReleaseRecord overdue : store.overdue(now)) {
            Optional<JobSpec> job = specs.findJob(overdue.job());
            if (job.isEmpty() || job.get().deadlineSpec().isEmpty()) {
                store.compareAndSet(overdue.withAlertedAt(now), overdue.revision()); // job or deadline removed since
                continue;
            }
            String correlationId = "deadline-" + overdue.key();
            DeadlineSpec deadline = job.get().deadline();
            if (deadline.onMissed() == DeadlineSpec.OnMissed.RELEASE_PARTIAL) {
                decisions.add(evaluate(job.get(), overdue.partition(), Mode.DEADLINE, correlationId));
                continue;
            }
            List<DatasetPartition> missing = readInputs(job.get(), overdue.partition()).missing();
            if (missing.isEmpty()) {
                decisions.add(evaluate(job.get(), overdue.partition(), Mode.ARRIVAL, correlationId));
                continue;
            }
            Alert alert = new Alert(Alert.Kind.LATE_INPUT, Alert.Severity.ERROR, overdue.job(), overdue.partition(), null, null,
                    "job " + overdue.job() + " partition " + overdue.partition().key() + " passed its deadline "
                            + overdue.deadlineAt() + " waiting on " + describe(missing),
                    missing, List.of(), null);
            publisher.publish(Destination.PIPELINE_EVENTS, EventEnvelope.of(SOURCE, overdue.key(), correlationId, alert));
            store.compareAndSet(overdue.withAlertedAt(now), overdue.revision());
            LOG.warn("late inputs job={} partition={} deadline={} missing={}", overdue.job(), overdue.partition().key(), overdue.deadlineAt(), describe(missing));
            decisions.add(new Decision(overdue.job(), overdue.partition(), Decision.Kind.WAITING, null, 0, missing));
        }
        return decisions;
    }

    /**
     * Releases {@code job} for each partition now, with the inputs present, as a new generation
     * (backfill, re-run). The releases record which inputs were missing.
     */
    public List<Decision> forceRelease(String jobName, List<Partition> partitions, String correlationId) {
        JobSpec job = specs.job(jobName);
        partitions.forEach(q -> mapper.checkJobPartition(job, q));
        List<Decision> decisions = new ArrayList<>();
        for (Partition q : partitions) {
            decisions.add(evaluate(job, q, Mode.FORCE, correlationId));
        }
        return decisions;
    }

    /** What {@code (J, q)} waits on: each required input with its version, or missing. */
    public WaitingReport waitingOn(String jobName, Partition q) {
        JobSpec job = specs.job(jobName);
        mapper.checkJobPartition(job, q);
        Optional<ReleaseRecord> release = store.release(jobName, q);
        List<DatasetPartition> required = required(job, q);
        Map<String, DatasetVersion> versions = store.versions(required.stream().map(r -> DatasetVersion.key(r.dataset(), r.partition())).toList());
        List<WaitingReport.Input> inputs = required.stream()
                .map(r -> new WaitingReport.Input(r.dataset(), r.partition(), Optional.ofNullable(versions.get(DatasetVersion.key(r.dataset(), r.partition())))))
                .toList();
        return new WaitingReport(jobName, q, release, inputs);
    }

    /** The partitions of {@code job} from {@code from} to {@code to} (inclusive) along its date dimension. */
    public List<Partition> partitionRange(String jobName, Partition from, Partition to) {
        JobSpec job = specs.job(jobName);
        mapper.checkJobPartition(job, from);
        mapper.checkJobPartition(job, to);
        List<Dimension> dims = specs.partitioningOf(job);
        Dimension date = dims.stream().filter(d -> d.type() == DimensionType.DATE).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + jobName + " has no date dimension to range over"));
        for (Dimension d : dims) {
            if (d != date && !from.dimensions().get(d.name()).equals(to.dimensions().get(d.name()))) {
                throw new IllegalArgumentException("a range may only vary " + date.name() + ", but " + d.name() + " differs: "
                        + from.dimensions().get(d.name()) + " vs " + to.dimensions().get(d.name()));
            }
        }
        LocalDate start = LocalDate.parse(from.dimensions().get(date.name()));
        LocalDate end = LocalDate.parse(to.dimensions().get(date.name()));
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("range end " + end + " is before its start " + start);
        }
        List<Partition> out = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            Map<String, String> values = new LinkedHashMap<>(from.dimensions());
            values.put(date.name(), d.toString());
            out.add(Partition.of(values));
        }
        return out;
    }

    /**
     * The deadline of {@code (J, q)}: the first cron fire after the end of {@code q}'s date (in the
     * deadline's zone), or after {@code firstSeen} for a job without a date dimension.
     */
    Instant deadlineOf(JobSpec job, Partition q, Instant firstSeen) {
        if (job.deadline() == null) {
            return null;
        }
        ZoneId zone = ZoneId.of(job.deadline().timeZone());
        ZonedDateTime anchor = specs.partitioningOf(job).stream()
                .filter(d -> d.type() == DimensionType.DATE)
                .findFirst()
                .map(d -> LocalDate.parse(q.dimensions().get(d.name())).plusDays(1).atStartOfDay(zone))
                .orElse(firstSeen.atZone(zone));
        return CronExpression.parse(job.deadline().cron()).nextAfter(anchor.minusMinutes(1), zone).toInstant();
    }

    private static String newRunId(Instant now) {
        return RUN_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String describe(List<DatasetPartition> partitions) {
        return partitions.stream().map(p -> p.dataset() + "[" + p.partition().key() + "]").toList().toString();
    }
}
