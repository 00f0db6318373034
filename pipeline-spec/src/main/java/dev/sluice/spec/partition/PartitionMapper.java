package dev.sluice.spec.partition;

import dev.sluice.contracts.Partition;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.InputMapping;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition arithmetic of input mappings, in both directions:
 * <ul>
 *   <li>{@link #requiredInputs}: which partitions of an input a job partition needs;</li>
 *   <li>{@link #affectedJobPartitions}: which job partitions an input partition feeds.</li>
 * </ul>
 * An unpartitioned input ({@code latest}, or {@code same} on an unpartitioned dataset) feeds every
 * partition of the job: it is <em>open-ended</em>, and the caller decides which partitions to look at.
 */
public final class PartitionMapper {
    private final PipelineSpecs specs;

    public PartitionMapper(PipelineSpecs specs) {
        this.specs = specs;
    }

    /** True when any partition of the job may depend on the input's single partition. */
    public boolean isOpenEnded(InputSpec input) {
        return input.mapping().type() == InputMapping.Type.LATEST || specs.dataset(input.dataset()).partitioning().isEmpty();
    }

    /** The partitions of {@code input}'s dataset that job partition {@code q} needs, in a stable order. */
    public List<Partition> requiredInputs(JobSpec job, InputSpec input, Partition q) {
        DatasetSpec dataset = specs.dataset(input.dataset());
        InputMapping m = input.mapping();
        if (m.type() == InputMapping.Type.LATEST || dataset.partitioning().isEmpty()) {
            return List.of(Partition.NONE);
        }
        List<List<String>> options = new ArrayList<>();
        List<String> dims = new ArrayList<>();
        for (Dimension d : dataset.partitioning()) {
            dims.add(d.name());
            if (m.all().contains(d.name())) {
                options.add(d.values());
                continue;
            }
            String value = valueOf(q, d.name(), job);
            if (d.name().equals(m.dimension()) && m.type() == InputMapping.Type.OFFSET) {
                options.add(List.of(shift(value, m.offset(), d)));
            } else if (d.name().equals(m.dimension()) && m.type() == InputMapping.Type.WINDOW) {
                List<String> window = new ArrayList<>();
                for (int i = m.size() - 1; i >= 0; i--) {
                    window.add(shift(value, -i, d));
                }
                options.add(window);
            } else {
                options.add(List.of(value));
            }
        }
        List<Partition> required = product(dims, options);
        if (job.readsOwnOutput(input) && !job.startPartition().isEmpty() && !beforeStart(job, q)) {
            // From its start on, a self-dependent job reads its own earlier partitions, except those before the start:
            // the start partition is released without its predecessor.
            required = required.stream().filter(p -> !beforeStart(job, p)).toList();
        }
        return required;
    }

    /**
     * Whether {@code p} (a partition of {@code job} or of its own output) lies before the job's {@code startPartition}
     * on one of its date dimensions. False for a job without a start.
     */
    public boolean beforeStart(JobSpec job, Partition p) {
        for (Map.Entry<String, String> start : job.startPartition().entrySet()) {
            String value = p.dimensions().get(start.getKey());
            java.util.Optional<Dimension> d = specs.partitioningOf(job).stream().filter(x -> x.name().equals(start.getKey())).findFirst();
            if (value == null || d.isEmpty()) {
                continue;
            }
            if (d.get().type() == DimensionType.DATE
                    && parseDate(value, start.getKey()).isBefore(parseDate(start.getValue(), start.getKey()))) {
                return true;
            }
            if (d.get().type() == DimensionType.HOUR
                    && parseHour(value, start.getKey()).isBefore(parseHour(start.getValue(), start.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The partitions of {@code job} that input partition {@code p} of {@code input} feeds. Empty for an
     * open-ended input (see {@link #isOpenEnded}).
     */
    public List<Partition> affectedJobPartitions(JobSpec job, InputSpec input, Partition p) {
        if (isOpenEnded(input)) {
            return List.of();
        }
        DatasetSpec dataset = specs.dataset(input.dataset());
        InputMapping m = input.mapping();
        List<List<String>> options = new ArrayList<>();
        List<String> dims = new ArrayList<>();
        for (Dimension jd : specs.partitioningOf(job)) {
            dims.add(jd.name());
            if (dataset.dimension(jd.name()).isEmpty()) {
                options.add(jd.values()); // validated: declared when the input lacks the dimension
                continue;
            }
            String value = valueOf(p, jd.name(), input.dataset());
            if (jd.name().equals(m.dimension()) && m.type() == InputMapping.Type.OFFSET) {
                options.add(List.of(shift(value, -m.offset(), jd)));
            } else if (jd.name().equals(m.dimension()) && m.type() == InputMapping.Type.WINDOW) {
                List<String> window = new ArrayList<>();
                for (int i = 0; i < m.size(); i++) {
                    window.add(shift(value, i, jd));
                }
                options.add(window);
            } else {
                options.add(List.of(value));
            }
        }
        // A job with a start releases nothing before it.
        return product(dims, options).stream().filter(q -> !beforeStart(job, q)).toList();
    }

    /** Checks that {@code p} has exactly the dimensions of {@code dataset}, with valid date values. */
    public void checkPartition(String datasetName, Partition p) {
        DatasetSpec dataset = specs.dataset(datasetName);
        List<String> expected = dataset.dimensionNames();
        if (!p.dimensions().keySet().equals(new java.util.HashSet<>(expected))) {
            throw new IllegalArgumentException("partition " + p.key() + " of dataset '" + datasetName
                    + "' must have exactly the dimensions " + expected);
        }
        for (Dimension d : dataset.partitioning()) {
            String value = p.dimensions().get(d.name());
            if (d.type() == DimensionType.DATE) {
                parseDate(value, d);
            } else if (d.type() == DimensionType.HOUR) {
                parseHour(value, d.name());
            } else if (d.hasDeclaredValues() && !d.values().contains(value)) {
                throw new IllegalArgumentException("partition value " + d.name() + "=" + value + " of dataset '"
                        + datasetName + "' is not one of the declared values " + d.values());
            }
        }
    }

    /** Checks that {@code q} is a partition of {@code job} (its outputs' dimensions). */
    public void checkJobPartition(JobSpec job, Partition q) {
        checkPartition(job.outputs().getFirst().dataset(), q);
    }

    private static String valueOf(Partition p, String dimension, Object owner) {
        String value = p.dimensions().get(dimension);
        if (value == null) {
            throw new IllegalArgumentException("partition " + p.key() + " lacks dimension '" + dimension + "' needed by " + owner);
        }
        return value;
    }

    /** {@code value} moved by {@code steps} days on a date dimension, or hours on an hour dimension. */
    private static String shift(String value, int steps, Dimension d) {
        if (d.type() == DimensionType.HOUR) {
            return hourValue(parseHour(value, d.name()).plusHours(steps));
        }
        return parseDate(value, d).plusDays(steps).toString();
    }

    /** The partition value of an hour: {@code yyyy-mm-ddThh}. */
    public static String hourValue(java.time.LocalDateTime hour) {
        return hour.toLocalDate() + "T" + String.format("%02d", hour.getHour());
    }

    /** Whether {@code d} orders its partitions in time (date or hour), so that offsets, windows and starts apply. */
    public static boolean isTime(Dimension d) {
        return d.type() == DimensionType.DATE || d.type() == DimensionType.HOUR;
    }

    /** The earliest date a date dimension may take. */
    public static final LocalDate MIN_DATE = LocalDate.of(1900, 1, 1);
    /** The latest date a date dimension may take. */
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * A date dimension's value: strictly {@code YYYY-MM-DD} (no sign, no extended years), from
     * {@link #MIN_DATE} to {@link #MAX_DATE}, so that date arithmetic on it cannot overflow.
     */
    public static LocalDate parseDate(String value, String dimension) {
        LocalDate date;
        try {
            if (value == null || !ISO_DATE.matcher(value).matches()) {
                throw new DateTimeParseException("not yyyy-mm-dd", String.valueOf(value), 0);
            }
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("partition value " + dimension + "=" + value + " is not an ISO date (yyyy-mm-dd)");
        }
        if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
            throw new IllegalArgumentException("partition value " + dimension + "=" + value + " is out of the date range "
                    + MIN_DATE + ".." + MAX_DATE);
        }
        return date;
    }

    /**
     * An hour partition value, {@code yyyy-mm-ddThh}, strictly, within the supported date range.
     *
     * @throws IllegalArgumentException naming the dimension and the value
     */
    public static java.time.LocalDateTime parseHour(String value, String dimension) {
        if (value == null || !ISO_HOUR.matcher(value).matches()) {
            throw new IllegalArgumentException("partition value " + dimension + "=" + value + " is not an ISO hour (yyyy-mm-ddThh)");
        }
        LocalDate date;
        try {
            date = parseDate(value.substring(0, 10), dimension);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("partition value " + dimension + "=" + value + " is not an ISO hour (yyyy-mm-ddThh)"
                    + " within " + MIN_DATE + ".." + MAX_DATE);
        }
        int hour = Integer.parseInt(value.substring(11));
        if (hour > 23) {
            throw new IllegalArgumentException("partition value " + dimension + "=" + value + " is not an ISO hour (yyyy-mm-ddThh)");
        }
        return date.atTime(hour, 0);
    }

    private static final java.util.regex.Pattern ISO_HOUR = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}");

    private static LocalDate parseDate(String value, Dimension d) {
        return parseDate(value, d.name());
    }

    private static List<Partition> product(List<String> dims, List<List<String>> options) {
        List<Map<String, String>> acc = new ArrayList<>();
        acc.add(new LinkedHashMap<>());
        for (int i = 0; i < dims.size(); i++) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : acc) {
                for (String v : options.get(i)) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(dims.get(i), v);
                    next.add(m);
                }
            }
            acc = next;
        }
        return acc.stream().map(Partition::of).toList();
    }
}
