package dev.sluice.cli.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
    @Test
    void theShippedTableIsUsEast1WithTheDeployDefaults() {
        PriceTable t = PriceTable.defaults();
        assertThat(t.source()).contains("prices-us-east-1.properties");
        assertThat(t.lambdaGbSecondArm64()).isEqualTo(0.0000133334);
        assertThat(t.lambdaRequest()).isEqualTo(0.0000002);
        assertThat(t.dynamoWriteRequest()).isEqualTo(0.000000625);
        assertThat(t.architecture()).isEqualTo("arm64");
        assertThat(t.smallMemoryMb()).isEqualTo(3008);
        assertThat(t.trackerMemoryMb()).isEqualTo(1024);
        assertThat(t.largeCpuUnits()).isEqualTo(4096);
        assertThat(t.largeMemoryMb()).isEqualTo(16384);
    }

    @Test
    void anEditedFileOverridesTheDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, CostModelTest.PRICES.replace("sqs.request=0.0000004", "sqs.request=0.000001"));
        PriceTable t = PriceTable.load(file);
        assertThat(t.sqsRequest()).isEqualTo(0.000001);
        assertThat(t.source()).isEqualTo("--prices " + file);
    }

    @Test
    void aMalformedPriceIsRefusedByFieldAndValue() {
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES.replace("sns.publish=0.0000005", "sns.publish=0,5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("f: field 'sns.publish' has value '0,5': not a number");
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES.replace("s3.getRequest=0.0000004", "s3.getRequest=-1")))
                .hasMessage("f: field 's3.getRequest' has value '-1': expected a number >= 0");
    }

    @Test
    void aMissingUnknownOrOutOfRangeFieldIsRefused() {
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES.replace("lambda.request=0.0000002\n", "")))
                .hasMessage("f: field 'lambda.request' is missing");
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES + "lambda.requests=1\n"))
                .hasMessageStartingWith("f: unknown field 'lambda.requests' (value '1')");
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES.replace("sizing.architecture=arm64", "sizing.architecture=arm")))
                .hasMessage("f: field 'sizing.architecture' has value 'arm': expected arm64 or x86_64");
        assertThatThrownBy(() -> PriceTable.parse("f", CostModelTest.PRICES.replace("sizing.lambda.smallMemoryMb=2048", "sizing.lambda.smallMemoryMb=3GB")))
                .hasMessage("f: field 'sizing.lambda.smallMemoryMb' has value '3GB': expected a whole number from 128 to 10240");
    }

    @Test
    void anUnreadableFileIsRefusedByName(@TempDir Path dir) {
        Path missing = dir.resolve("none.properties");
        assertThatThrownBy(() -> PriceTable.load(missing)).hasMessageStartingWith("--prices " + missing + ": cannot read the file");
    }
}
