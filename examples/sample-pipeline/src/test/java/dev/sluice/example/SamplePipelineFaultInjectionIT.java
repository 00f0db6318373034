package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.spec.topology.Topology;
import dev.sluice.tracker.store.ReleaseRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample pipeline with each service as its own OS process from its packaged artifact, two replicas of each, while
 * replicas are killed with SIGKILL at seeded random moments and restarted, and the services' link to the AWS stack is
 * cut once for 8 s. Every job partition must succeed exactly once (one release generation, one run, no duplicate),
 * the outputs must equal the values computed independently from the inputs, and no message may be left in a DLQ.
 *
 * <p>The seed is {@code -Dsluice.faults.seed=N} (printed with the number of kills); the same as
 * {@code ./sluice demo --processes --replicas 2 --faults N}.
 */
@Tag("e2e")
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class SamplePipelineFaultInjectionIT {
    static final String ENV = "faults";
    static final SampleData DATA = SampleData.recent(7L, 8, 1_000, 200);
    static final int MAX_KILLS = 10;

    @TempDir
    Path work;

    @Test
    void everyJobPartitionSucceedsExactlyOnceWhileReplicasAreKilledAndTheNetworkDrops() throws Exception {
        long seed = Long.getLong("sluice.faults.seed", 20261128L);
        Path specs = Path.of("specs").toAbsolutePath();
        try (LocalPlatform platform = LocalPlatform.start(DATA, work, System.out::println);
             EmulatorLink link = EmulatorLink.between(platform.stack().settings());
             SamplePipeline pipeline = new SamplePipeline(platform, DATA, specs, ENV, System.out::println)) {
            ServiceProcesses processes = new ServiceProcesses(ServiceProcesses.repoRoot(), work.resolve("services"), 2,
                    ServiceProcesses.defaultJvmOptions("512m"));
            pipeline.services(processes)
                    .topology(FaultInjector.quickRecoveryTopology(ENV))
                    .serviceSettings(s -> withSmallDuckDb(FaultInjector.quickRecovery(link.applyTo(s))))
                    .start();

            FaultInjector.Report report;
            boolean completed;
            try (FaultInjector faults = new FaultInjector(processes, link, seed, MAX_KILLS, Duration.ofSeconds(8), System.out::println)) {
                faults.start();
                pipeline.publishUpstreamEvents();
                completed = pipeline.awaitCompletion(Duration.ofMinutes(Long.getLong("sluice.faults.minutes", 8)), false);
                report = faults.stop();
            }
            System.out.printf("fault injection: seed %d, %d SIGKILLs, %d link outage(s); replica starts: %s%n", report.seed(), report.kills(),
                    report.outages(), processes.replicas().stream().map(r -> r.name() + "=" + r.starts()).collect(Collectors.joining(", ")));
            if (!completed || !processes.unexpectedExits().isEmpty()) {
                System.out.println(processes.logTails(40));
            }
            assertThat(processes.unexpectedExits()).as("replicas that died by themselves").isEmpty();
            assertThat(completed).as("every job partition succeeded; states: %s", pipeline.states()).isTrue();
            assertThat(report.kills()).as("kills while the pipeline ran").isGreaterThanOrEqualTo(3);
            assertThat(report.outages()).isEqualTo(1);

            // Exactly once: every job partition was released once (generation 1: its inputs were published once) and
            // has exactly one run, which succeeded; no second generation, no lost partition.
            List<String> expected = pipeline.expected().stream().map(e -> e[0] + " " + e[1]).sorted().toList();
            List<String> released = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            for (String job : jobs()) {
                for (ReleaseRecord r : pipeline.releasesOf(job)) {
                    if (r.state() == ReleaseRecord.State.WAITING) {
                        // the weekly rollup of the first days: its window reaches before the first day, so it waits
                        assertThat(expected).as("waiting %s %s", job, r.partition().key()).doesNotContain(job + " " + r.partition().key());
                        continue;
                    }
                    assertThat(r.generation()).as("generation of %s %s", job, r.partition().key()).isEqualTo(1);
                    assertThat(r.state()).as("release of %s %s", job, r.partition().key()).isEqualTo(ReleaseRecord.State.PUBLISHED);
                    released.add(job + " " + r.partition().key());
                }
                for (RunRecord run : pipeline.runsOf(job)) {
                    assertThat(run.state()).as("run %s of %s %s", run.runId(), job, run.partition().key()).isEqualTo(RunRecord.State.SUCCEEDED);
                    runs.add(job + " " + run.partition().key());
                }
            }
            assertThat(released).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(runs).as("one run per job partition").containsExactlyInAnyOrderElementsOf(expected);

            // The outputs hold exactly what the inputs imply.
            PipelineOutputs outputs = new PipelineOutputs(platform, pipeline, DATA, work);
            outputs.assertAllAsExpected();

            // Nothing was given up on.
            Map<String, Integer> dlqDepths = new LinkedHashMap<>();
            for (Topology.Queue queue : pipeline.topology().queues()) {
                dlqDepths.put(queue.deadLetterQueue(), outputs.depth(pipeline.upstream().resources().deadLetterQueueUrl(queue.role())));
            }
            assertThat(dlqDepths).as("messages per DLQ").allSatisfy((dlq, depth) -> assertThat(depth).as(dlq).isZero());
        }
    }

    private static List<String> jobs() {
        List<String> jobs = new ArrayList<>(SamplePipeline.DAILY_JOBS);
        jobs.add(SamplePipeline.ROLLUP);
        return jobs;
    }

    /** Eight service JVMs share two cores and the machine's memory: DuckDB gets a small share in each. */
    private static Map<String, String> withSmallDuckDb(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        out.put("SLUICE_DUCKDB_MEMORY_LIMIT", "256MB");
        out.put("SLUICE_DUCKDB_THREADS", "1");
        out.put("SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", "2");
        return out;
    }
}
