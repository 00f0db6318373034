package dev.sluice.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * One partition dimension of a dataset.
 *
 * @param name   the dimension's name, for example {@code date} or {@code region}
 * @param type   {@link DimensionType#DATE} (ISO dates, daily) or {@link DimensionType#STRING}
 * @param values the declared values of a string dimension; needed where a job takes all of them
 */
public record Dimension(String name, DimensionType type, List<String> values) {
    public Dimension {
        Objects.requireNonNull(name, "name");
        type = type == null ? DimensionType.STRING : type;
        values = values == null ? List.of() : List.copyOf(values);
    }

    public boolean hasDeclaredValues() {
        return !values.isEmpty();
    }
}
