package dev.sluice.transformer;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.model.DimensionType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one-row table {@code sluice_params} that a job's SQL reads its run's values from, e.g.
 * {@code where o.date = (select date from sluice_params)}: one column per partition dimension, then {@code run_id}
 * (VARCHAR) and {@code generation} (INTEGER).
 *
 * <p>A dimension is a {@code DATE} column when the dataset declares it {@code type: date}, or, when its type is not
 * given, when its value is an ISO date ({@code 2026-11-20}); any other dimension is {@code VARCHAR}. Compare a
 * {@code VARCHAR} column with a date dimension by casting one side, e.g.
 * {@code (select date from sluice_params)::varchar}.
 *
 * <p>Values are always bound as parameters of a prepared statement, never written into the SQL text: a value is data,
 * whatever characters it holds. Only the column names (partition dimension names, restricted to
 * {@code [a-z][a-z0-9_]*} by {@link dev.sluice.contracts.Partition}) are part of the text, quoted.
 */
public final class SluiceParams {

    /** The table's name. */
    public static final String TABLE = "sluice_params";
    public static final String RUN_ID = "run_id";
    public static final String GENERATION = "generation";

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private SluiceParams() {}

    /** One column of the table: its name, DuckDB type and value. */
    public record Column(String name, String type, Object value) {

        private static final java.util.Set<String> TYPES =
                java.util.Set.of("VARCHAR", "DATE", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP");

        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("sluice_params column type must be one of " + TYPES + ": " + type);
            }
        }
    }

    /**
     * The columns for a run: the partition's dimensions in name order, typed as described above, then
     * {@code run_id} and {@code generation}.
     *
     * @param types the declared types of the dimensions; a dimension missing here is typed by its value
     * @throws InvalidSettingsException if a dimension is named {@code run_id} or {@code generation}
     */
    public static List<Column> columns(Map<String, String> dimensions, Map<String, DimensionType> types,
            String runId, int generation) {
        List<Column> columns = new ArrayList<>();
        dimensions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> {
            if (d.getKey().equals(RUN_ID) || d.getKey().equals(GENERATION)) {
                throw new InvalidSettingsException("partitioning", "a partition dimension may not be named "
                        + d.getKey() + ": sluice_params has that column already");
            }
            DimensionType type = types.get(d.getKey());
            boolean date = type == null ? isIsoDate(d.getValue()) : type == DimensionType.DATE;
            columns.add(new Column(d.getKey(), date ? "DATE" : "VARCHAR", d.getValue()));
        });
        columns.add(new Column(RUN_ID, "VARCHAR", runId));
        columns.add(new Column(GENERATION, "INTEGER", generation));
        return columns;
    }

    /** Creates {@value #TABLE} in {@code db} with one row of {@code columns}' values, bound as parameters. */
    public static void create(DuckDbSession db, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("sluice_params needs at least one column");
        }
        String select = columns.stream()
                .map(c -> "CAST(? AS " + c.type() + ") AS " + DuckDbSession.identifier(c.name()))
                .collect(Collectors.joining(", "));
        db.execute("CREATE TABLE " + TABLE + " AS SELECT " + select,
                columns.stream().map(Column::value).toArray());
    }

    static boolean isIsoDate(String value) {
        if (value == null || !ISO_DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
