package dev.sluice.tracker.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionMapper;
import dev.sluice.tracker.Events;
import dev.sluice.tracker.store.TrackerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sluice.tracker.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, reproducible randomized test of exactly-once release: a DAG of 55 jobs with fan-in up to
 * 10, over several daily partitions, every event delivered 1–3 times in shuffled order to 4 concurrent
 * consumers, with re-publications. A consumer that fails puts the event back, as SQS would.
 *
 * <p>Asserted for every (job, partition): exactly one job-released per input-version set; no release
 * while any input is missing; generations 1..n without gaps; and the newest complete input set is the
 * one released last. Inputs use every mapping ({@code same}, offset, window, {@code latest}, {@code all:});
 * some jobs have a {@code release-partial} deadline; one job-released in ten fails to publish, and the clock
 * moves past the publish lease whenever a consumer meets one, so takeovers happen. Set
 * {@code -Dsluice.seed=N} to replay a failure.
 */
public abstract class ConcurrentReleaseContract {
    static final int EXTERNAL = 20;
    static final int JOBS = 55;
    static final int MAX_FAN_IN = 10;
    static final int CONSUMERS = 4;
    static final LocalDate FIRST_JOB_DATE = LocalDate.parse("2026-11-10");
    static final int JOB_DATES = 3;
    static final int LOOKBACK = 3; // offsets and windows reach at most 3 days back
    static final List<String> REGIONS = List.of("eu", "us");

    @TempDir
    Path specDir;

    protected abstract TrackerStore createStore(PipelineSpecs specs);

    @Test
    void everyInputVersionSetIsReleasedExactlyOnce() throws Exception {
        long seed = Long.getLong("sluice.seed", 20261121L);
        Random random = new Random(seed);
        PipelineSpecs specs = generateSpecs(random);
        PartitionMapper mapper = new PartitionMapper(specs);

        // Every dataset, every date, version 1, and a re-publication (version 2) for a quarter of them.
        Map<String, Long> newest = new HashMap<>();
        List<EventEnvelope<DataReady>> deliveries = new ArrayList<>();
        for (var dataset : specs.datasets()) {
            for (Partition p : partitionsOf(dataset)) {
                int versions = random.nextInt(4) == 0 ? 2 : 1;
                for (int v = 1; v <= versions; v++) {
                    EventEnvelope<DataReady> event = Events.dataReady(dataset.name(), p, v);
                    int copies = 1 + random.nextInt(3);
                    for (int c = 0; c < copies; c++) {
                        deliveries.add(event);
                    }
                }
                newest.put(dataset.name() + "#" + p.key(), (long) versions);
            }
        }
        Collections.shuffle(deliveries, random);

        // A publisher that fails one job-released in ten (seeded), and a clock the consumers move past the
        // publish lease when they meet one (as the lease-derived retry delay does): takeovers happen.
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        Random failures = new Random(seed + 1);
        published.failWhen(e -> e.data() instanceof JobReleased && nextInt(failures, 10) == 0);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-13T12:00:00Z"));
        DependencyTracker tracker = new DependencyTracker(specs, createStore(specs), published, clock, TrackerOptions.DEFAULTS);
        AtomicLong redeliveries = deliverConcurrently(tracker, deliveries, clock);
        published.failWhen(e -> false);
        clock.advance(TrackerOptions.DEFAULTS.publishLease().plusSeconds(1));
        new TrackerOperations(tracker).sweepDeadlines(); // finishes any release whose publish was left behind

        // Downstream de-duplicates by runId: a takeover may publish the same runId twice.
        Map<String, JobReleased> byRunId = new java.util.LinkedHashMap<>();
        published.data(JobReleased.class).forEach(r -> byRunId.putIfAbsent(r.runId(), r));
        List<JobReleased> releases = List.copyOf(byRunId.values());
        long partial = releases.stream().filter(r -> r.reason() == JobReleased.Reason.DEADLINE).count();
        String context = "seed " + seed + ", " + deliveries.size() + " deliveries, " + redeliveries.get() + " redeliveries, "
                + partial + " partial releases, " + (published.data(JobReleased.class).size() - releases.size()) + " re-publications";
        assertThat(partial).as("the run exercises partial releases by deadline (%s)", context).isPositive();
        assertThat(redeliveries.get()).as("the run exercises failed publishes and leases (%s)", context).isPositive();

        Set<String> sets = new HashSet<>();
        Set<String> runIds = new HashSet<>();
        Map<String, List<JobReleased>> byPartition = new HashMap<>();
        for (JobReleased r : releases) {
            JobSpec job = specs.job(r.job());
            assertThat(sets.add(r.job() + "|" + r.partition().key() + "|" + r.inputsHash()))
                    .as("exactly one job-released per input-version set: %s %s (%s)", r.job(), r.partition().key(), context).isTrue();
            assertThat(runIds.add(r.runId())).as("unique runId %s (%s)", r.runId(), context).isTrue();
            if (r.reason() != JobReleased.Reason.DEADLINE) {
                assertThat(r.missingInputs()).as("missing inputs only in a partial release by deadline (%s)", context).isEmpty();
            }
            List<String> present = new ArrayList<>(r.inputs().stream().map(i -> i.dataset() + "#" + i.partition().key()).toList());
            r.missingInputs().forEach(m -> present.add(m.dataset() + "#" + m.partition().key()));
            assertThat(present).as("no release while an input is missing: %s %s (%s)", r.job(), r.partition().key(), context)
                    .containsExactlyInAnyOrderElementsOf(required(mapper, job, r.partition()));
            byPartition.computeIfAbsent(r.job() + "|" + r.partition().key(), k -> new ArrayList<>()).add(r);
        }

        int complete = 0;
        for (JobSpec job : specs.jobs()) {
            for (int d = 0; d < JOB_DATES; d++) {
                Partition q = Events.date(FIRST_JOB_DATE.plusDays(d).toString());
                List<JobReleased> rs = byPartition.getOrDefault(job.name() + "|" + q.key(), List.of());
                assertThat(rs).as("every complete partition is released: %s %s (%s)", job.name(), q.key(), context).isNotEmpty();
                complete++;
                rs = new ArrayList<>(rs);
                rs.sort((a, b) -> Integer.compare(a.generation(), b.generation()));
                for (int g = 0; g < rs.size(); g++) {
                    assertThat(rs.get(g).generation()).as("generations without gaps (%s)", context).isEqualTo(g + 1);
                }
                assertThat(rs.getLast().missingInputs()).as("the last release is complete: %s %s (%s)", job.name(), q.key(), context).isEmpty();
                for (InputVersion input : rs.getLast().inputs()) {
                    assertThat(input.version()).as("the last release has the newest versions: %s %s %s (%s)",
                            job.name(), q.key(), input.dataset(), context).isEqualTo(newest.get(input.dataset() + "#" + input.partition().key()));
                }
            }
        }
        assertThat(complete).isEqualTo(JOBS * JOB_DATES);
    }

    private static Set<String> required(PartitionMapper mapper, JobSpec job, Partition q) {
        Set<String> keys = new LinkedHashSet<>();
        for (InputSpec input : job.inputs()) {
            mapper.requiredInputs(job, input, q).forEach(p -> keys.add(input.dataset() + "#" + p.key()));
        }
        return keys;
    }

    private static int nextInt(Random random, int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    /** The partitions of a generated dataset: every date in range, times every region for {@code ext_region}. */
    private static List<Partition> partitionsOf(dev.sluice.spec.model.DatasetSpec dataset) {
        if (dataset.partitioning().isEmpty()) {
            return List.of(Partition.NONE);
        }
        List<Partition> out = new ArrayList<>();
        for (int d = -LOOKBACK; d < JOB_DATES; d++) {
            String date = FIRST_JOB_DATE.plusDays(d).toString();
            if (dataset.partitioning().size() == 1) {
                out.add(Events.date(date));
            } else {
                for (String region : REGIONS) {
                    out.add(Partition.of("date", date, "region", region));
                }
            }
        }
        return out;
    }

    private static AtomicLong deliverConcurrently(DependencyTracker tracker, List<EventEnvelope<DataReady>> deliveries,
                                                  MutableClock clock) throws Exception {
        ConcurrentLinkedDeque<EventEnvelope<DataReady>> queue = new ConcurrentLinkedDeque<>(deliveries);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong redeliveries = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        TrackerOperations operations = new TrackerOperations(tracker);
        ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            running.add(consumers.submit(() -> {
                while (true) {
                    inFlight.incrementAndGet();
                    EventEnvelope<DataReady> event = queue.pollFirst();
                    if (event == null) {
                        if (inFlight.decrementAndGet() == 0 && queue.isEmpty()) {
                            return null;
                        }
                        Thread.onSpinWait();
                        continue;
                    }
                    try {
                        if (handled.incrementAndGet() % 40 == 0) {
                            // the deadline sweep runs while events arrive: partial releases, then complete ones
                            try {
                                operations.sweepDeadlines();
                            } catch (RuntimeException e) {
                                // a publish failure in the sweep: the next sweep (or arrival) finishes it
                            }
                        }
                        tracker.onDataReady(event);
                    } catch (ReleaseInProgressException e) {
                        redeliveries.incrementAndGet();
                        if (e.leaseUntil() != null && clock.instant().isBefore(e.leaseUntil())) {
                            clock.set(e.leaseUntil().plusSeconds(1)); // the retry comes after the lease
                        }
                        queue.addLast(event); // not acknowledged: SQS delivers it again
                    } catch (RuntimeException e) {
                        redeliveries.incrementAndGet(); // a publish failure: retried
                        queue.addLast(event);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
            }));
        }
        consumers.shutdown();
        for (Future<?> f : running) {
            f.get(5, TimeUnit.MINUTES);
        }
        return redeliveries;
    }

    /** Writes a random DAG as spec files: 20 external inputs and 55 jobs, each producing one dataset. */
    private PipelineSpecs generateSpecs(Random random) throws IOException {
        StringBuilder yaml = new StringBuilder("datasets:\n");
        List<String> available = new ArrayList<>();
        for (int e = 0; e < EXTERNAL; e++) {
            yaml.append("  - {name: ext_").append(e).append(", external: true, partitioning: [{name: date, type: date}]}\n");
            available.add("ext_" + e);
        }
        yaml.append("  - {name: ext_flag, external: true}\n");
        yaml.append("  - name: ext_region\n    external: true\n    partitioning: [{name: date, type: date}, {name: region, type: string, values: ")
                .append(REGIONS).append("}]\n");
        for (int j = 0; j < JOBS; j++) {
            yaml.append("  - {name: out_").append(j).append(", partitioning: [{name: date, type: date}]}\n");
        }
        yaml.append("jobs:\n");
        for (int j = 0; j < JOBS; j++) {
            List<String> candidates = new ArrayList<>(available);
            Collections.shuffle(candidates, random);
            int fanIn = 1 + random.nextInt(Math.min(MAX_FAN_IN, candidates.size()));
            yaml.append("  - name: job_").append(j).append("\n    inputs:\n");
            for (String input : candidates.subList(0, fanIn)) {
                int kind = random.nextInt(10);
                String mapping = kind < 6 ? "same"
                        : kind < 8 ? "{type: offset, dimension: date, offset: -" + (1 + random.nextInt(LOOKBACK)) + "}"
                        : "{type: window, dimension: date, size: " + (2 + random.nextInt(LOOKBACK - 1)) + "}";
                yaml.append("      - {dataset: ").append(input).append(", mapping: ").append(mapping).append("}\n");
            }
            if (random.nextInt(4) == 0) {
                yaml.append("      - {dataset: ext_flag, mapping: latest}\n");
            }
            if (random.nextInt(4) == 0) {
                yaml.append("      - {dataset: ext_region, mapping: {type: same, all: [region]}}\n");
            }
            if (random.nextInt(5) == 0) {
                yaml.append("    deadline: {cron: \"0 6 * * *\", timeZone: UTC, onMissed: release-partial}\n");
            }
            yaml.append("    outputs: [{dataset: out_").append(j).append(", sql: q.sql}]\n");
            available.add("out_" + j);
        }
        Files.writeString(specDir.resolve("dag.yaml"), yaml);
        Files.writeString(specDir.resolve("q.sql"), "select 1");
        return PipelineSpecs.load(specDir);
    }
}
