package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.partition.PartitionText;
import org.junit.jupiter.api.Test;

class PartitionTextTest {

    @Test
    void parsesDimensionsSeparatedBySlashOrComma() {
        assertThat(PartitionText.parse("date=2026-11-20")).isEqualTo(Partition.of("date", "2026-11-20"));
        assertThat(PartitionText.parse("date=2026-11-20/region=eu")).isEqualTo(Partition.of("date", "2026-11-20", "region", "eu"));
        assertThat(PartitionText.parse("date = 2026-11-20, region = eu")).isEqualTo(Partition.of("date", "2026-11-20", "region", "eu"));
    }

    @Test
    void underscoreOrNothingIsUnpartitioned() {
        assertThat(PartitionText.parse("_")).isEqualTo(Partition.NONE);
        assertThat(PartitionText.parse("")).isEqualTo(Partition.NONE);
        assertThat(PartitionText.parse(null)).isEqualTo(Partition.NONE);
    }

    @Test
    void refusesAPartWithoutNameOrValue() {
        for (String bad : new String[] {"2026-11-20", "date=", "=2026-11-20", "date=2026-11-20/region"}) {
            assertThatThrownBy(() -> PartitionText.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("partition '" + bad + "' must look like date=2026-11-20 or date=2026-11-20/region=eu");
        }
    }
}
