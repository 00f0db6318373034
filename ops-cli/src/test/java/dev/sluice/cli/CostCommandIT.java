package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.cost.CostEstimate;
import dev.sluice.cli.cost.CostModel;
import dev.sluice.cli.cost.JobProfile;
import dev.sluice.cli.cost.PriceTable;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code sluice cost} over run records written through the real {@link DynamoDbRunStore} to DynamoDB Local. */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostCommandIT {
    static final String ENV = "costit";
    static final String SPECS = SluiceCliTest.SAMPLE;
    private final AwsStack stack;
    private Lookup settings;
    private DynamoDbRunStore runs;

    CostCommandIT(AwsStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void provisionAndRecordRuns() {
        new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                .provision(new TopologyDeriver().derive(PipelineSpecs.load(Path.of(SPECS)), TopologyOptions.defaults(ENV)));
        settings = Lookup.environment().withOverrides(stack.settings());
        runs = new DynamoDbRunStore(stack.clients().dynamoDb(), new TopologyNames(ENV).table(TableRole.RUNS));
        Instant now = Instant.now();
        // three runs in the window (1, 2 and 3 days ago): transform 4 s, load 1 s, 4 inputs, 2048 bytes out
        for (int day = 1; day <= 3; day++) {
            record(now.minus(Duration.ofDays(day)), "run-cost-" + day, "2026-11-0" + day);
        }
        // one run before the window: not counted
        record(now.minus(Duration.ofDays(20)), "run-cost-old", "2026-10-01");
    }

    private void record(Instant t0, String runId, String date) {
        Partition p = Partition.of("date", date);
        List<InputVersion> inputs = List.of("orders", "customers", "shipments", "blocklist").stream()
                .map(d -> new InputVersion(d, p, 1, URI.create("s3://d/" + d + "/"), null)).toList();
        RunRecord run = new RunRecord(runId, "build_order_facts", p, 1, inputs, JobReleased.Reason.ALL_INPUTS_READY,
                "sha256:" + "c".repeat(64), "corr-" + runId, t0, RunRecord.State.RUNNING, null, List.of(), null);
        runs.createRun(run);
        stage(runId, Stage.TRANSFORM, t0, t0.plusSeconds(4), 2048);
        stage(runId, Stage.LOAD, t0.plusSeconds(5), t0.plusSeconds(6), 0);
        runs.updateRun(run.finished(RunRecord.State.SUCCEEDED, t0.plusSeconds(6),
                List.of(new PublishedOutput("order_facts", p, 1, URI.create("s3://d/order_facts/m.json"), 36)), null));
    }

    private void stage(String runId, Stage stage, Instant start, Instant end, long bytes) {
        StageRecord claim = StageRecord.running(runId, stage, 1, start, start.plusSeconds(900));
        StageRecord claimed = runs.compareAndSet(claim, 0).orElseThrow();
        runs.compareAndSet(claimed.succeeded(end, List.of(), StageMetrics.of(start, end, 100, 36, bytes), List.of()), claimed.revision())
                .orElseThrow();
    }

    @Test
    void estimatesFromTheMeasuredRunsOfTheWindow() {
        CliRun run = CliRun.of(settings, "cost", "--env", ENV, "--specs", SPECS, "--days", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // 3 runs in 10 days -> 9 a month; mean transform 4 s, load 1 s; 4 inputs, 1 output
        JobProfile expected = new JobProfile("build_order_facts", SizeClass.SMALL, 9, 4, 1,
                Map.of(Stage.TRANSFORM, 4.0, Stage.LOAD, 1.0), 2048);
        CostEstimate alone = CostModel.estimate(List.of(expected), PriceTable.defaults());
        String line = run.out().lines().filter(l -> l.startsWith("build_order_facts ")).findFirst().orElseThrow();
        assertThat(line.split("\\s+")).containsSubsequence("build_order_facts", "small", "9.0", "4.0", "1", "-", "4.00", "1.00");
        assertThat(line).endsWith(String.format(java.util.Locale.ROOT, "%10.4f", alone.total().sum()));
        // the other jobs have no runs: zero cost, and the total is this job's
        assertThat(run.out()).contains("environment costit: runs of the last 10 days, scaled to a 30-day month (9 runs/month)",
                "prices: default prices-us-east-1.properties; arm64");
        String total = run.out().lines().filter(l -> l.startsWith("total ")).findFirst().orElseThrow();
        assertThat(total).endsWith(String.format(java.util.Locale.ROOT, "%10.4f", alone.total().sum()));
        StringWriter printed = new StringWriter();
        CostCommand.print(new PrintWriter(printed), ENV, 10, alone);
        assertThat(run.out()).contains(printed.toString().lines().filter(l -> l.startsWith("requests per run")).findFirst().orElseThrow());
    }

    @Test
    void aLongerWindowCountsTheOlderRun() {
        CliRun run = CliRun.of(settings, "cost", "--env", ENV, "--specs", SPECS, "--days", "30");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(4 runs/month)");
    }

    @Test
    void anUnknownEnvironmentIsRefusedByName() {
        CliRun run = CliRun.of(settings, "cost", "--env", "nosuchenv", "--specs", SPECS);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--env 'nosuchenv': no runs table nosuchenv-sluice-runs");
        assertThat(run.out()).isEmpty();
        assertThat(stack.clients().dynamoDb().listTables().tableNames()).noneMatch(t -> t.startsWith("nosuchenv-"));
    }
}
