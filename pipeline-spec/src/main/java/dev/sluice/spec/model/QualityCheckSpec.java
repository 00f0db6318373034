package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A data-quality check on an output.
 *
 * <pre>
 * - {type: row_count, min: 1, max: 5000000}
 * - {type: not_null, columns: [order_id]}
 * - {type: unique, columns: [order_id]}
 * - {type: accepted_values, column: status, values: [open, shipped]}
 * - {type: sql, name: no_negative_amounts, sql: "select * from output where amount &lt; 0", severity: warn}
 * </pre>
 */
public record QualityCheckSpec(
        Type type,
        String name,
        Severity severity,
        Long min,
        Long max,
        List<String> columns,
        String column,
        List<String> values,
        String sql) {

    public QualityCheckSpec {
        Objects.requireNonNull(type, "type");
        severity = severity == null ? Severity.ERROR : severity;
        columns = columns == null ? List.of() : List.copyOf(columns);
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** The check's name in alerts: its declared name, else derived from its type and columns. */
    public String displayName() {
        if (name != null) {
            return name;
        }
        return switch (type) {
            case ROW_COUNT -> "row_count";
            case NOT_NULL, UNIQUE -> type.wire() + "(" + String.join(",", columns) + ")";
            case ACCEPTED_VALUES -> "accepted_values(" + column + ")";
            case SQL -> "sql";
        };
    }

    /** Check kinds. */
    public enum Type {
        ROW_COUNT, NOT_NULL, UNIQUE, ACCEPTED_VALUES, SQL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wire().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown check type '" + value
                    + "', expected row_count, not_null, unique, accepted_values or sql");
        }
    }

    /** An {@code error} check blocks publication; a {@code warn} check only raises an alert. */
    public enum Severity {
        WARN, ERROR;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Severity fromWire(String value) {
            for (Severity s : values()) {
                if (s.wire().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown severity '" + value + "', expected warn or error");
        }
    }
}
