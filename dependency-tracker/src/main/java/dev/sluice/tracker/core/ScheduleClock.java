package dev.sluice.tracker.core;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.CronExpression;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.ScheduleSpec;
import dev.sluice.spec.partition.PartitionMapper;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticks of the schedule datasets ({@code schedule:} in a dataset spec) that are due: for each fire time of the
 * cron expression within the dataset's catch-up window before {@code now}, a {@code data-ready} of the partition
 * named by the tick's date, or its hour for a clock partitioned by an {@code hour} dimension (in the schedule's time
 * zone), version 1. Several fire times in one partition (a cron that fires twice a day on a daily clock) are one tick. The tracker records them like any arrival, so a
 * tick computed twice (a scheduler that fires twice, or late, or a sweep on two replicas) releases nothing twice, and
 * a tick older than the window is never released.
 */
final class ScheduleClock {
    static final String PRODUCER = "sluice-scheduler";
    private static final String SOURCE = "sluice/dependency-tracker/schedule";

    private final PipelineSpecs specs;

    ScheduleClock(PipelineSpecs specs) {
        this.specs = specs;
    }

    /** The ticks due at {@code now}, oldest first per dataset. */
    List<EventEnvelope<DataReady>> due(Instant now) {
        List<EventEnvelope<DataReady>> ticks = new ArrayList<>();
        for (DatasetSpec dataset : specs.datasets()) {
            if (dataset.scheduleSpec().isEmpty()) {
                continue;
            }
            ScheduleSpec schedule = dataset.scheduleSpec().get();
            ZoneId zone = ZoneId.of(schedule.timeZone());
            CronExpression cron = CronExpression.parse(schedule.cron());
            Dimension dimension = dataset.partitioning().getFirst();
            ZonedDateTime fire = cron.nextAfter(now.minus(schedule.catchUp()).minusSeconds(1).atZone(zone), zone);
            while (!fire.toInstant().isAfter(now)) {
                Partition p = Partition.of(dimension.name(), partitionValue(dimension, fire));
                DataReady tick = new DataReady(dataset.name(), p, 1, URI.create("schedule://" + dataset.name() + "/" + fire.toInstant()), null,
                        "schedule", DatasetSchema.of(List.of()), null, null, Producer.team(PRODUCER));
                ticks.add(EventEnvelope.of(SOURCE, dataset.name() + "/" + p.key(), "schedule-" + dataset.name() + "-" + p.key(), tick));
                fire = cron.nextAfter(fire, zone);
            }
        }
        return ticks;
    }

    /** The partition a fire time names: its date (a tick a day), or its hour (a tick an hour), in the schedule's zone. */
    static String partitionValue(Dimension dimension, ZonedDateTime fire) {
        return dimension.type() == DimensionType.HOUR
                ? PartitionMapper.hourValue(fire.toLocalDateTime())
                : fire.toLocalDate().toString();
    }
}
