package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionMapper;
import org.junit.jupiter.api.Test;

class PartitionMapperTest {
    final PipelineSpecs specs = PipelineSpecs.load(SpecValidationTest.fixture("valid"));
    final PartitionMapper mapper = new PartitionMapper(specs);
    final JobSpec daily = specs.job("daily");
    final JobSpec weekly = specs.job("weekly");

    @Test
    void sameWithAllTakesEveryDeclaredRegionOfTheDate() {
        assertThat(mapper.requiredInputs(daily, daily.input("raw_events").orElseThrow(), Partition.of("date", "2026-11-20")))
                .extracting(Partition::key)
                .containsExactly("date=2026-11-20/region=eu", "date=2026-11-20/region=us");
        assertThat(mapper.affectedJobPartitions(daily, daily.input("raw_events").orElseThrow(),
                Partition.of("date", "2026-11-20", "region", "us")))
                .extracting(Partition::key).containsExactly("date=2026-11-20");
    }

    @Test
    void offsetTakesThePreviousDayAndFeedsTheNextOne() {
        var fx = daily.input("fx_rates").orElseThrow();
        assertThat(mapper.requiredInputs(daily, fx, Partition.of("date", "2026-03-01")))
                .extracting(Partition::key).containsExactly("date=2026-02-28");
        assertThat(mapper.affectedJobPartitions(daily, fx, Partition.of("date", "2026-02-28")))
                .extracting(Partition::key).containsExactly("date=2026-03-01");
    }

    @Test
    void latestIsOpenEnded() {
        var countries = daily.input("countries").orElseThrow();
        assertThat(mapper.isOpenEnded(countries)).isTrue();
        assertThat(mapper.requiredInputs(daily, countries, Partition.of("date", "2026-11-20"))).containsExactly(Partition.NONE);
        assertThat(mapper.affectedJobPartitions(daily, countries, Partition.NONE)).isEmpty();
    }

    @Test
    void windowNeedsSevenDaysAndEachDayFeedsSevenWindows() {
        var in = weekly.input("daily_events").orElseThrow();
        assertThat(mapper.requiredInputs(weekly, in, Partition.of("date", "2026-01-03")))
                .extracting(Partition::key)
                .containsExactly("date=2025-12-28", "date=2025-12-29", "date=2025-12-30", "date=2025-12-31",
                        "date=2026-01-01", "date=2026-01-02", "date=2026-01-03");
        assertThat(mapper.affectedJobPartitions(weekly, in, Partition.of("date", "2025-12-28")))
                .extracting(Partition::key)
                .containsExactly("date=2025-12-28", "date=2025-12-29", "date=2025-12-30", "date=2025-12-31",
                        "date=2026-01-01", "date=2026-01-02", "date=2026-01-03");
    }

    @Test
    void partitionsAreCheckedAgainstTheDataset() {
        assertThatThrownBy(() -> mapper.checkPartition("raw_events", Partition.of("date", "2026-11-20")))
                .hasMessage("partition date=2026-11-20 of dataset 'raw_events' must have exactly the dimensions [date, region]");
        assertThatThrownBy(() -> mapper.checkPartition("raw_events", Partition.of("date", "2026-11-20", "region", "apac")))
                .hasMessage("partition value region=apac of dataset 'raw_events' is not one of the declared values [eu, us]");
        assertThatThrownBy(() -> mapper.checkPartition("fx_rates", Partition.of("date", "20261120")))
                .hasMessage("partition value date=20261120 is not an ISO date (yyyy-mm-dd)");
    }

    @Test
    void dateValuesAreStrictlyIsoAndWithinTheSupportedRange() {
        assertThatThrownBy(() -> mapper.checkPartition("fx_rates", Partition.of("date", "+999999999-12-31")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition value date=+999999999-12-31 is not an ISO date (yyyy-mm-dd)");
        assertThatThrownBy(() -> mapper.checkPartition("fx_rates", Partition.of("date", "1899-12-31")))
                .hasMessage("partition value date=1899-12-31 is out of the date range 1900-01-01..9999-12-31");
        mapper.checkPartition("fx_rates", Partition.of("date", "1900-01-01"));
        mapper.checkPartition("fx_rates", Partition.of("date", "9999-12-31"));
    }

    @Test
    void hourValuesAreStrictlyIsoHours() {
        assertThat(PartitionMapper.parseHour("2026-11-20T06", "hour")).isEqualTo(java.time.LocalDateTime.parse("2026-11-20T06:00"));
        for (String bad : java.util.List.of("2026-11-20T24", "2026-11-20 06", "2026-11-20T6", "2026-11-20T06:00", "2026-13-01T00")) {
            assertThatThrownBy(() -> PartitionMapper.parseHour(bad, "hour")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("partition value hour=" + bad + " is not an ISO");
        }
    }

    @Test
    void aSelfDependentJobReleasesItsStartWithoutItsPredecessorAndNothingBeforeIt() {
        PipelineSpecs self = PipelineSpecs.load(SpecValidationTest.fixture("self-dependent"));
        PartitionMapper m = new PartitionMapper(self);
        var job = self.job("cumulate_totals");
        var previous = job.inputs().get(1);
        // The start reads no earlier partition of its own output; the next day reads the start.
        assertThat(m.requiredInputs(job, previous, Partition.of("date", "2026-11-01"))).isEmpty();
        assertThat(m.requiredInputs(job, previous, Partition.of("date", "2026-11-02"))).containsExactly(Partition.of("date", "2026-11-01"));
        // Its own output of a day feeds the next day; orders before the start feed nothing.
        assertThat(m.affectedJobPartitions(job, previous, Partition.of("date", "2026-11-01"))).containsExactly(Partition.of("date", "2026-11-02"));
        assertThat(m.affectedJobPartitions(job, job.inputs().getFirst(), Partition.of("date", "2026-10-31"))).isEmpty();
        assertThat(m.affectedJobPartitions(job, job.inputs().getFirst(), Partition.of("date", "2026-11-01")))
                .containsExactly(Partition.of("date", "2026-11-01"));
        assertThat(m.beforeStart(job, Partition.of("date", "2026-10-31"))).isTrue();
        assertThat(m.beforeStart(job, Partition.of("date", "2026-11-01"))).isFalse();
    }

    @Test
    void hourDimensionsTakeWindowsOffsetsAndAStartAcrossMidnight() {
        assertThat(SpecValidationTest.errors("hourly")).isEmpty();
        PipelineSpecs hourly = PipelineSpecs.load(SpecValidationTest.fixture("hourly"));
        PartitionMapper hours = new PartitionMapper(hourly);
        JobSpec smooth = hourly.job("smooth");
        assertThat(hours.requiredInputs(smooth, smooth.inputs().getFirst(), Partition.of("hour", "2026-11-21T01")))
                .extracting(Partition::key).containsExactly("hour=2026-11-20T23", "hour=2026-11-21T00", "hour=2026-11-21T01");
        JobSpec accumulate = hourly.job("accumulate");
        InputSpec previous = accumulate.inputs().get(1);
        assertThat(hours.requiredInputs(accumulate, previous, Partition.of("hour", "2026-11-20T05")))
                .extracting(Partition::key).containsExactly("hour=2026-11-20T04");
        // The start reads no earlier partition of its own output; before the start nothing is a partition of the job.
        assertThat(hours.requiredInputs(accumulate, previous, Partition.of("hour", "2026-11-20T00"))).isEmpty();
        assertThat(hours.beforeStart(accumulate, Partition.of("hour", "2026-11-19T23"))).isTrue();
        assertThat(hours.beforeStart(accumulate, Partition.of("hour", "2026-11-20T00"))).isFalse();
    }
}
