package dev.sluice.spec.partition;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A range of partitions for backfills and status: from one partition to another (inclusive), one day
 * at a time along the date dimension, with every other dimension fixed.
 */
public final class PartitionRange {
    private PartitionRange() {
    }

    /**
     * The partitions from {@code from} to {@code to} (inclusive) of a job partitioned by {@code partitioning}.
     * Both ends must already be partitions of the job; {@code jobName} names the job in errors.
     */
    public static List<Partition> between(String jobName, List<Dimension> partitioning, Partition from, Partition to) {
        Dimension time = partitioning.stream().filter(d -> d.type() == DimensionType.DATE).findFirst()
                .or(() -> partitioning.stream().filter(d -> d.type() == DimensionType.HOUR).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("job " + jobName + " has no date or hour dimension to range over"));
        for (Dimension d : partitioning) {
            if (d != time && !from.dimensions().get(d.name()).equals(to.dimensions().get(d.name()))) {
                throw new IllegalArgumentException("a range may only vary " + time.name() + ", but " + d.name() + " differs: "
                        + from.dimensions().get(d.name()) + " vs " + to.dimensions().get(d.name()));
            }
        }
        List<Partition> out = new ArrayList<>();
        if (time.type() == DimensionType.HOUR) {
            java.time.LocalDateTime start = PartitionMapper.parseHour(value(from, time), time.name());
            java.time.LocalDateTime end = PartitionMapper.parseHour(value(to, time), time.name());
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("range end " + value(to, time) + " is before its start " + value(from, time));
            }
            for (java.time.LocalDateTime h = start; !h.isAfter(end); h = h.plusHours(1)) {
                Map<String, String> values = new LinkedHashMap<>(from.dimensions());
                values.put(time.name(), PartitionMapper.hourValue(h));
                out.add(Partition.of(values));
            }
            return out;
        }
        LocalDate start = date(from, time);
        LocalDate end = date(to, time);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("range end " + end + " is before its start " + start);
        }
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            Map<String, String> values = new LinkedHashMap<>(from.dimensions());
            values.put(time.name(), d.toString());
            out.add(Partition.of(values));
        }
        return out;
    }

    private static String value(Partition p, Dimension d) {
        String value = p.dimensions().get(d.name());
        if (value == null) {
            throw new IllegalArgumentException("partition " + p.key() + " lacks the " + d.type().wire() + " dimension '" + d.name() + "'");
        }
        return value;
    }

    private static LocalDate date(Partition p, Dimension date) {
        String value = p.dimensions().get(date.name());
        if (value == null) {
            throw new IllegalArgumentException("partition " + p.key() + " lacks the date dimension '" + date.name() + "'");
        }
        return PartitionMapper.parseDate(value, date.name());
    }
}
