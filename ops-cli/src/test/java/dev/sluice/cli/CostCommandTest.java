package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice cost}'s refusals of bad input, before it reaches AWS. */
class CostCommandTest {
    @Test
    void aMalformedPriceFileIsRefusedByFieldAndValue(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("prices.properties");
        String good = new String(dev.sluice.cli.cost.PriceTable.class.getResourceAsStream("prices-us-east-1.properties").readAllBytes());
        Files.writeString(prices, good.replace("sqs.request=0.0000004", "sqs.request=forty cents"));
        CliRun run = CliRun.of("cost", "--env", "any", "--specs", SluiceCliTest.SAMPLE, "--prices", prices.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("field 'sqs.request' has value 'forty cents': not a number");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingPriceFileIsRefusedByName(@TempDir Path dir) {
        CliRun run = CliRun.of("cost", "--env", "any", "--specs", SluiceCliTest.SAMPLE, "--prices", dir.resolve("none").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--prices " + dir.resolve("none") + ": cannot read the file");
    }

    @Test
    void aWindowOfNoDaysIsAUsageError() {
        CliRun run = CliRun.of("cost", "--env", "any", "--specs", SluiceCliTest.SAMPLE, "--days", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--days has value '0': expected 1 to 366");
    }
}
