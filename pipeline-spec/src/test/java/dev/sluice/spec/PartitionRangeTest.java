package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.partition.PartitionRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionRangeTest {
    static final Dimension DATE = new Dimension("date", DimensionType.DATE, null);
    static final Dimension REGION = new Dimension("region", DimensionType.STRING, List.of("eu", "us"));

    @Test
    void stepsOneDayAlongTheDateKeepingTheOtherDimensions() {
        List<Partition> range = PartitionRange.between("daily", List.of(DATE, REGION),
                Partition.of("date", "2026-02-27", "region", "eu"), Partition.of("date", "2026-03-01", "region", "eu"));
        assertThat(range).extracting(Partition::key)
                .containsExactly("date=2026-02-27/region=eu", "date=2026-02-28/region=eu", "date=2026-03-01/region=eu");
    }

    @Test
    void aRangeOfOneDayIsThatPartition() {
        Partition d = Partition.of("date", "2026-11-20");
        assertThat(PartitionRange.between("daily", List.of(DATE), d, d)).containsExactly(d);
    }

    @Test
    void refusesAnEndBeforeTheStart() {
        assertThatThrownBy(() -> PartitionRange.between("daily", List.of(DATE), Partition.of("date", "2026-11-20"), Partition.of("date", "2026-11-19")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range end 2026-11-19 is before its start 2026-11-20");
    }

    @Test
    void refusesARangeThatVariesAnotherDimension() {
        assertThatThrownBy(() -> PartitionRange.between("daily", List.of(DATE, REGION),
                Partition.of("date", "2026-11-19", "region", "eu"), Partition.of("date", "2026-11-20", "region", "us")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a range may only vary date, but region differs: eu vs us");
    }

    @Test
    void refusesAJobWithoutADateDimension() {
        assertThatThrownBy(() -> PartitionRange.between("by_region", List.of(REGION), Partition.of("region", "eu"), Partition.of("region", "eu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job by_region has no date or hour dimension to range over");
    }

    @Test
    void refusesADateThatIsNotIso() {
        assertThatThrownBy(() -> PartitionRange.between("daily", List.of(DATE), Partition.of("date", "20261120"), Partition.of("date", "2026-11-21")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition value date=20261120 is not an ISO date (yyyy-mm-dd)");
    }

    @Test
    void stepsOneHourAlongAnHourDimensionAcrossMidnight() {
        dev.sluice.spec.model.Dimension hour = new dev.sluice.spec.model.Dimension("hour", dev.sluice.spec.model.DimensionType.HOUR, null);
        assertThat(PartitionRange.between("hourly", List.of(hour), Partition.of("hour", "2026-11-20T22"), Partition.of("hour", "2026-11-21T01")))
                .extracting(Partition::key)
                .containsExactly("hour=2026-11-20T22", "hour=2026-11-20T23", "hour=2026-11-21T00", "hour=2026-11-21T01");
        assertThatThrownBy(() -> PartitionRange.between("hourly", List.of(hour), Partition.of("hour", "2026-11-21T01"),
                Partition.of("hour", "2026-11-20T22")))
                .hasMessage("range end 2026-11-20T22 is before its start 2026-11-21T01");
    }
}
