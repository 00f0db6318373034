package dev.sluice.dataplane.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a comparison of two datasets found. The datasets are {@link #equal()} when their schemas match (the same
 * column names and types; order aside), they have the same number of rows, and no row differs: by key when a key was
 * given, else as multisets of rows. Column aggregates are shown for orientation; a difference there always shows in
 * the rows too, except for floating-point sums, which may differ in their last digits by summation order.
 *
 * @param left            the left side, as given
 * @param right           the right side, as given
 * @param key             the key columns, empty for an unkeyed comparison
 * @param schema          the schema differences (empty when the schemas match)
 * @param leftRows        the left side's row count
 * @param rightRows       the right side's row count
 * @param columns         per column in both: its aggregates on each side
 * @param rows            the row-level differences
 */
public record ComparisonReport(String left, String right, List<String> key, List<SchemaDiff> schema, long leftRows,
        long rightRows, List<ColumnStats> columns, RowDiff rows) {

    public ComparisonReport {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        key = List.copyOf(key);
        schema = List.copyOf(schema);
        columns = List.copyOf(columns);
        Objects.requireNonNull(rows, "rows");
    }

    /** A column that is on one side only, or has another type on each side. */
    public record SchemaDiff(String column, String leftType, String rightType) {
        public String describe() {
            if (leftType == null) {
                return "column " + column + " only in right (" + rightType + ")";
            }
            if (rightType == null) {
                return "column " + column + " only in left (" + leftType + ")";
            }
            return "column " + column + ": " + leftType + " in left, " + rightType + " in right";
        }
    }

    /** The aggregates of one column on one side; {@code min}, {@code max} and {@code sum} as text, or null. */
    public record Aggregates(long nulls, String min, String max, String sum, long distinct) {}

    /** One column's aggregates on both sides, and which of them differ. */
    public record ColumnStats(String column, Aggregates left, Aggregates right, List<String> differing) {
        public ColumnStats {
            differing = List.copyOf(differing);
        }
    }

    /**
     * A differing row: {@code only_left}, {@code only_right} or {@code changed}; its key (empty when unkeyed), and
     * the values of the compared columns on each side (null where the row is absent), as text.
     *
     * @param changedColumns for {@code changed}, the columns whose values differ
     */
    public record RowDifference(String kind, Map<String, String> key, Map<String, String> left,
            Map<String, String> right, List<String> changedColumns) {
        public RowDifference {
            key = unmodifiable(key);
            left = left == null ? null : unmodifiable(left);
            right = right == null ? null : unmodifiable(right);
            changedColumns = List.copyOf(changedColumns);
        }
    }

    /**
     * The row-level differences.
     *
     * @param onlyLeft           rows (or keys) in left and not in right
     * @param onlyRight          rows (or keys) in right and not in left
     * @param changed            keys on both sides whose other columns differ (always 0 when unkeyed)
     * @param changedByColumn    per compared column, how many keys differ in it
     * @param duplicateKeysLeft  keys that occur more than once in left
     * @param duplicateKeysRight keys that occur more than once in right
     * @param sample             up to the sample size of differing rows, ordered by kind and key
     */
    public record RowDiff(long onlyLeft, long onlyRight, long changed, Map<String, Long> changedByColumn,
            long duplicateKeysLeft, long duplicateKeysRight, List<RowDifference> sample) {
        public RowDiff {
            changedByColumn = Map.copyOf(changedByColumn);
            sample = List.copyOf(sample);
        }

        public boolean none() {
            return onlyLeft == 0 && onlyRight == 0 && changed == 0;
        }
    }

    /** True when the schemas match, the row counts are the same and no row differs. */
    public boolean equal() {
        return schema.isEmpty() && leftRows == rightRows && rows.none()
                && rows.duplicateKeysLeft() == rows.duplicateKeysRight();
    }

    /** The report for a reader. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("compare ").append(left).append("\n     to ").append(right).append('\n');
        if (!key.isEmpty()) {
            b.append("key: ").append(String.join(", ", key)).append('\n');
        }
        b.append("result: ").append(equal() ? "EQUAL" : "DIFFERENT").append("\n\n");
        b.append("schema: ").append(schema.isEmpty() ? "same" : schema.size() + " difference(s)").append('\n');
        for (SchemaDiff d : schema) {
            b.append("  ").append(d.describe()).append('\n');
        }
        b.append("rows: ").append(leftRows).append(" left, ").append(rightRows).append(" right")
                .append(leftRows == rightRows ? " (same)" : " (differ by " + (rightRows - leftRows) + ")").append('\n');
        if (!columns.isEmpty()) {
            b.append("\ncolumns:\n");
            b.append(String.format("  %-24s %-10s %12s %12s %20s %20s %22s%n", "COLUMN", "SIDE", "NULLS", "DISTINCT",
                    "MIN", "MAX", "SUM"));
            for (ColumnStats c : columns) {
                String mark = c.differing().isEmpty() ? "" : "  <- " + String.join(", ", c.differing()) + " differ";
                b.append(String.format("  %-24s %-10s %12d %12d %20s %20s %22s%n", c.column(), "left", c.left().nulls(),
                        c.left().distinct(), cut(c.left().min()), cut(c.left().max()), cut(c.left().sum())));
                b.append(String.format("  %-24s %-10s %12d %12d %20s %20s %22s%s%n", "", "right", c.right().nulls(),
                        c.right().distinct(), cut(c.right().min()), cut(c.right().max()), cut(c.right().sum()), mark));
            }
        }
        b.append('\n');
        if (key.isEmpty()) {
            b.append("rows only in left: ").append(rows.onlyLeft()).append(", only in right: ").append(rows.onlyRight())
                    .append(" (unkeyed: a changed row counts on both sides; give --key to match rows)\n");
        } else {
            b.append("keys only in left: ").append(rows.onlyLeft()).append(", only in right: ").append(rows.onlyRight())
                    .append(", changed: ").append(rows.changed()).append('\n');
            rows.changedByColumn().entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue())
                            .append(" row(s) differ\n"));
            if (rows.duplicateKeysLeft() > 0 || rows.duplicateKeysRight() > 0) {
                b.append("duplicate keys: ").append(rows.duplicateKeysLeft()).append(" in left, ")
                        .append(rows.duplicateKeysRight()).append(" in right (the key does not identify a row)\n");
            }
        }
        if (!rows.sample().isEmpty()) {
            b.append("\nsample of differing rows:\n");
            for (RowDifference r : rows.sample()) {
                b.append("  ").append(r.kind().replace('_', ' '));
                if (!r.key().isEmpty()) {
                    b.append(' ').append(render(r.key()));
                }
                if (r.kind().equals("changed")) {
                    for (String c : r.changedColumns()) {
                        b.append("\n    ").append(c).append(": ").append(r.left().get(c)).append(" -> ")
                                .append(r.right().get(c));
                    }
                } else {
                    b.append("\n    ").append(render(r.left() != null ? r.left() : r.right()));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The report as JSON: every field of this record, plus {@code equal}. */
    public String toJson() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("equal", equal());
        tree.put("left", left);
        tree.put("right", right);
        tree.put("key", key);
        tree.put("schema", schema);
        tree.put("leftRows", leftRows);
        tree.put("rightRows", rightRows);
        tree.put("columns", columns);
        tree.put("rows", rows);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-line summary, e.g. for a run record or an alert. */
    public String summary() {
        if (equal()) {
            return "equal: " + leftRows + " rows";
        }
        List<String> parts = new ArrayList<>();
        if (!schema.isEmpty()) {
            parts.add(schema.size() + " schema difference(s)");
        }
        if (leftRows != rightRows) {
            parts.add("rows " + leftRows + " vs " + rightRows);
        }
        if (rows.onlyLeft() > 0) {
            parts.add(rows.onlyLeft() + " only in " + (key.isEmpty() ? "left" : "left by key"));
        }
        if (rows.onlyRight() > 0) {
            parts.add(rows.onlyRight() + " only in " + (key.isEmpty() ? "right" : "right by key"));
        }
        if (rows.changed() > 0) {
            parts.add(rows.changed() + " changed");
        }
        if (rows.duplicateKeysLeft() != rows.duplicateKeysRight()) {
            parts.add("duplicate keys " + rows.duplicateKeysLeft() + " vs " + rows.duplicateKeysRight());
        }
        return "different: " + String.join(", ", parts);
    }

    private static String render(Map<String, String> values) {
        StringBuilder b = new StringBuilder("{");
        values.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 20 ? s.substring(0, 19) + "…" : s;
    }

    private static Map<String, String> unmodifiable(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
