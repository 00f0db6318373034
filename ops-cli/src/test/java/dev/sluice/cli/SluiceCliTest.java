package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceCliTest {
    static final String SAMPLE = "../examples/sample-pipeline/specs";

    @Test
    void validateSummarizesValidSpecs() {
        CliRun run = CliRun.of("validate", SAMPLE);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("valid: 5 jobs, 10 datasets, DAG depth 3 (" + SAMPLE + ")\n");
    }

    @Test
    void validatePrintsEveryErrorAndExitsNonZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jobs.yaml"), """
                datasets:
                  - {name: src, external: true}
                  - {name: out}
                jobs:
                  - name: build
                    inputs: [{dataset: sorce}]
                    deadline: {cron: "0 6 * * *", timeZone: Mars/Olympus}
                    outputs: [{dataset: out, sql: missing.sql}]
                """);
        CliRun run = CliRun.of("validate", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(
                dir.resolve("jobs.yaml") + ":6: jobs[0].inputs[0].dataset: unknown dataset 'sorce' (did you mean 'src'?)",
                dir.resolve("jobs.yaml") + ":7: jobs[0].deadline.timeZone: unknown time zone 'Mars/Olympus'",
                dir.resolve("jobs.yaml") + ":8: jobs[0].outputs[0].sql: SQL file not found: " + dir.resolve("missing.sql"),
                "3 error(s) in " + dir);
    }

    @Test
    void topologyPrintsTextAndJson() throws Exception {
        CliRun text = CliRun.of("topology", SAMPLE, "--env", "dev");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("dev-sluice-tracker", "dev-sluice-tracker-dlq", "dev-sluice-data-ready                    -> dev-sluice-tracker                 filter {dataset=[customers, order_facts,"
                        + " orders, shipments]}  (SNS envelope: the topic names the publisher)",
                "dev-sluice-ingress-fraud-team            -> dev-sluice-tracker                 filter {dataset=[blocklist]}",
                "dev-sluice-file-arrivals                 -> dev-sluice-tracker                 filter (none)",
                "s3://dev-sluice-data/raw/orders/date=*/_SUCCESS -> dev-sluice-file-arrivals  (orders_drop)");

        CliRun json = CliRun.of("topology", SAMPLE, "--env", "dev", "--format", "json");
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("env").asText()).isEqualTo("dev");
        assertThat(tree.get("queues")).hasSize(5);
        assertThat(CliRun.of("topology", SAMPLE, "--format", "yaml").exitCode()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "topology", "provision", "status", "runs", "backfill", "publish-ready", "compare", "dlq", "dlq list", "dlq show", "dlq redrive"})
    void everyCommandHasHelpWithAnExample(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: sluice " + command).contains("Example");
    }
}
