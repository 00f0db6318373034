package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.model.DeadlineSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineSpecTest {
    static final List<Dimension> BY_DATE = List.of(new Dimension("date", DimensionType.DATE, null));
    static final Instant FIRST_SEEN = Instant.parse("2026-11-20T12:34:56Z");

    @Test
    void aDatedPartitionIsLateAtTheFirstFireAfterTheEndOfItsDateInTheZone() {
        DeadlineSpec sixInBerlin = new DeadlineSpec("0 6 * * *", "Europe/Berlin", null);
        assertThat(sixInBerlin.deadlineOf(BY_DATE, Partition.of("date", "2026-11-20"), FIRST_SEEN))
                .isEqualTo(Instant.parse("2026-11-21T05:00:00Z"));
        assertThat(new DeadlineSpec("30 5 * * *", null, null).deadlineOf(BY_DATE, Partition.of("date", "2026-10-01"), FIRST_SEEN))
                .as("UTC by default").isEqualTo(Instant.parse("2026-10-02T05:30:00Z"));
    }

    @Test
    void aFireExactlyAtTheEndOfTheDateCounts() {
        DeadlineSpec midnight = new DeadlineSpec("0 0 * * *", "UTC", null);
        assertThat(midnight.deadlineOf(BY_DATE, Partition.of("date", "2026-11-20"), FIRST_SEEN))
                .isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
    }

    @Test
    void withoutADateDimensionTheFirstInputIsTheAnchor() {
        DeadlineSpec hourly = new DeadlineSpec("0 * * * *", "UTC", null);
        assertThat(hourly.deadlineOf(List.of(), Partition.NONE, FIRST_SEEN)).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(hourly.deadlineOf(List.of(new Dimension("region", DimensionType.STRING, List.of("eu"))), Partition.of("region", "eu"), FIRST_SEEN))
                .isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
    }

    @org.junit.jupiter.api.Test
    void anHourlyPartitionsDeadlineCountsFromTheEndOfItsHour() {
        List<dev.sluice.spec.model.Dimension> byHour = List.of(new dev.sluice.spec.model.Dimension("hour", dev.sluice.spec.model.DimensionType.HOUR, null));
        assertThat(new DeadlineSpec("45 * * * *", "UTC", null).deadlineOf(byHour, Partition.of("hour", "2026-11-20T06"), FIRST_SEEN))
                .isEqualTo(java.time.Instant.parse("2026-11-20T07:45:00Z"));
        assertThat(new DeadlineSpec("45 * * * *", "Europe/Berlin", null).deadlineOf(byHour, Partition.of("hour", "2026-11-20T23"), FIRST_SEEN))
                .isEqualTo(java.time.Instant.parse("2026-11-20T23:45:00Z")); // 00:45 in Berlin on the 21st
    }
}
