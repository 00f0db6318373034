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
        Dimension date = partitioning.stream().filter(d -> d.type() == DimensionType.DATE).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + jobName + " has no date dimension to range over"));
        for (Dimension d : partitioning) {
            if (d != date && !from.dimensions().get(d.name()).equals(to.dimensions().get(d.name()))) {
                throw new IllegalArgumentException("a range may only vary " + date.name() + ", but " + d.name() + " differs: "
                        + from.dimensions().get(d.name()) + " vs " + to.dimensions().get(d.name()));
            }
        }
        LocalDate start = date(from, date);
        LocalDate end = date(to, date);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("range end " + end + " is before its start " + start);
        }
        List<Partition> out = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            Map<String, String> values = new LinkedHashMap<>(from.dimensions());
            values.put(date.name(), d.toString());
            out.add(Partition.of(values));
        }
        return out;
    }

    private static LocalDate date(Partition p, Dimension date) {
        String value = p.dimensions().get(date.name());
        if (value == null) {
            throw new IllegalArgumentException("partition " + p.key() + " lacks the date dimension '" + date.name() + "'");
        }
        return PartitionMapper.parseDate(value, date.name());
    }
}
