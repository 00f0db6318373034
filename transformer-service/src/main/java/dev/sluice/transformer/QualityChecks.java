package dev.sluice.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.spec.model.QualityCheckSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs an output's data-quality checks against the output (the view {@code output} over the local Parquet file
 * about to be staged), before anything is staged.
 *
 * <ul>
 *   <li>{@code row_count}: the number of rows is within {@code min} and {@code max} (either may be absent).</li>
 *   <li>{@code not_null}: no row has a null in any of {@code columns}.</li>
 *   <li>{@code unique}: no two rows share the values of {@code columns} (rows with a null in a key column are left
 *       to {@code not_null}, as SQL's UNIQUE does).</li>
 *   <li>{@code accepted_values}: every non-null value of {@code column}, as text, is one of {@code values}.</li>
 *   <li>{@code sql}: the check's query returns the failing rows; it may read {@code output}, the inputs and
 *       {@code sluice_params}.</li>
 * </ul>
 *
 * <p>Columns are matched ignoring case, as DuckDB does; a column the output lacks is an
 * {@link InvalidSettingsException} naming the check.
 */
final class QualityChecks {

    static final String OCCURRENCES = "occurrences";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {};

    private final DuckDbSession db;
    private final String table;
    private final DatasetSchema schema;
    private final long rowCount;
    private final String job;
    private final String dataset;
    private final Map<String, String> origins;

    /**
     * @param table    the output relation, {@code output}
     * @param rowCount its number of rows
     * @param origins  local input paths to their URIs, for error messages
     */
    QualityChecks(DuckDbSession db, String table, DatasetSchema schema, long rowCount, String job, String dataset,
            Map<String, String> origins) {
        this.db = db;
        this.table = table;
        this.schema = schema;
        this.rowCount = rowCount;
        this.job = job;
        this.dataset = dataset;
        this.origins = origins;
    }

    /** Runs every check, in order, and returns every outcome. */
    List<CheckOutcome> run(List<QualityCheckSpec> checks) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            outcomes.add(run(checks.get(i), "outputs[" + dataset + "].checks[" + i + "]"));
        }
        return outcomes;
    }

    private CheckOutcome run(QualityCheckSpec check, String path) {
        return switch (check.type()) {
            case ROW_COUNT -> rowCount(check, path);
            case NOT_NULL -> notNull(check, path);
            case UNIQUE -> unique(check, path);
            case ACCEPTED_VALUES -> acceptedValues(check, path);
            case SQL -> sql(check, path);
        };
    }

    private CheckOutcome rowCount(QualityCheckSpec check, String path) {
        Long min = check.min();
        Long max = check.max();
        if (min == null && max == null) {
            throw new InvalidSettingsException(path, "row_count needs min, max or both");
        }
        if (min != null && max != null && min > max) {
            throw new InvalidSettingsException(path, "row_count min " + min + " is above max " + max);
        }
        boolean below = min != null && rowCount < min;
        boolean above = max != null && rowCount > max;
        if (!below && !above) {
            return CheckOutcome.passed(check);
        }
        String expected = min != null && max != null ? "between " + min + " and " + max
                : min != null ? "at least " + min : "at most " + max;
        return CheckOutcome.failed(check, rowCount, rowCount + " rows, expected " + expected, List.of());
    }

    private CheckOutcome notNull(QualityCheckSpec check, String path) {
        List<String> columns = columns(check.columns(), path, "not_null");
        String where = columns.stream().map(c -> DuckDbSession.identifier(c) + " IS NULL")
                .collect(Collectors.joining(" OR "));
        String failing = "SELECT * FROM " + table + " WHERE " + where;
        long count = count(failing);
        if (count == 0) {
            return CheckOutcome.passed(check);
        }
        return CheckOutcome.failed(check, count, count + (count == 1 ? " row has" : " rows have") + " a null in "
                + String.join(" or ", columns), sample(failing));
    }

    private CheckOutcome unique(QualityCheckSpec check, String path) {
        List<String> columns = columns(check.columns(), path, "unique");
        String keys = columns.stream().map(DuckDbSession::identifier).collect(Collectors.joining(", "));
        String occurrences = columns.stream().anyMatch(c -> c.equalsIgnoreCase(OCCURRENCES))
                ? "_" + OCCURRENCES : OCCURRENCES;
        String notNull = columns.stream().map(c -> DuckDbSession.identifier(c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        String failing = "SELECT " + keys + ", count(*) AS " + occurrences + " FROM " + table + " WHERE " + notNull
                + " GROUP BY " + keys + " HAVING count(*) > 1";
        long[] counts = new long[2];
        db.query("SELECT count(*), coalesce(sum(" + occurrences + "), 0) FROM (" + failing + ") AS failing", rs -> {
            counts[0] = rs.getLong(1);
            counts[1] = rs.getLong(2);
        });
        if (counts[0] == 0) {
            return CheckOutcome.passed(check);
        }
        String key = columns.size() == 1 ? columns.getFirst() : "(" + String.join(", ", columns) + ")";
        return CheckOutcome.failed(check, counts[0], counts[0] + (counts[0] == 1 ? " value" : " values") + " of "
                + key + " occur more than once, in " + counts[1] + " rows", sample(failing));
    }

    private CheckOutcome acceptedValues(QualityCheckSpec check, String path) {
        if (check.column() == null) {
            throw new InvalidSettingsException(path, "accepted_values needs a column");
        }
        if (check.values().isEmpty()) {
            throw new InvalidSettingsException(path, "accepted_values needs values");
        }
        String column = columns(List.of(check.column()), path, "accepted_values").getFirst();
        String c = DuckDbSession.identifier(column);
        String failing = "SELECT * FROM " + table + " WHERE " + c + " IS NOT NULL AND NOT list_contains(CAST(? AS"
                + " VARCHAR[]), CAST(" + c + " AS VARCHAR))";
        long count = ((Number) db.queryValue("SELECT count(*) FROM (" + failing + ") AS failing", check.values()))
                .longValue();
        if (count == 0) {
            return CheckOutcome.passed(check);
        }
        return CheckOutcome.failed(check, count, count + (count == 1 ? " row has" : " rows have") + " a value of "
                + column + " not in " + check.values(), sample(failing, check.values()));
    }

    private CheckOutcome sql(QualityCheckSpec check, String path) {
        if (check.sql() == null || check.sql().isBlank()) {
            throw new InvalidSettingsException(path, "a sql check needs sql");
        }
        String source = "check '" + check.displayName() + "' of output " + dataset;
        String query = UserSql.singleQuery(check.sql(), job, source);
        long count;
        List<Map<String, Object>> sample;
        try {
            // The check's SQL stays on line 1, so that DuckDB's LINE n is line n of the check.
            count = ((Number) db.queryValue("SELECT count(*) FROM (" + query + ") AS failing")).longValue();
            sample = count == 0 ? List.of() : sample(query);
        } catch (QueryFailedException e) {
            throw UserSql.translate(job, source, check.sql(), duckDbMessage(e), origins, e.getCause());
        }
        if (count == 0) {
            return CheckOutcome.passed(check);
        }
        return CheckOutcome.failed(check, count, count + (count == 1 ? " failing row" : " failing rows"), sample);
    }

    private long count(String relation, Object... params) {
        return ((Number) db.queryValue("SELECT count(*) FROM (" + relation + ") AS failing", params)).longValue();
    }

    /** Up to {@value QualityCheckResult#MAX_SAMPLE} rows of {@code relation}, the first by their JSON text. */
    private List<Map<String, Object>> sample(String relation, Object... params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        db.query("SELECT CAST(to_json(failing) AS VARCHAR) AS row_json FROM (" + relation + ") AS failing"
                + " ORDER BY row_json LIMIT " + QualityCheckResult.MAX_SAMPLE, rs -> rows.add(parse(rs.getString(1))),
                params);
        return rows;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, ROW);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DuckDB's to_json gave unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The output's own spelling of each of {@code names}. */
    private List<String> columns(List<String> names, String path, String type) {
        if (names.isEmpty()) {
            throw new InvalidSettingsException(path, type + " needs columns");
        }
        List<String> resolved = new ArrayList<>();
        for (String name : names) {
            Optional<String> column = schema.columns().stream().map(DatasetSchema.Column::name)
                    .filter(c -> c.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst();
            resolved.add(column.orElseThrow(() -> new InvalidSettingsException(path, type + " names column " + name
                    + ", which output " + dataset + " does not have; its columns are "
                    + schema.columns().stream().map(DatasetSchema.Column::name).collect(Collectors.joining(", ")))));
        }
        return resolved;
    }

    static String duckDbMessage(QueryFailedException e) {
        return e.getCause() instanceof SQLException sql && sql.getMessage() != null ? sql.getMessage()
                : e.getMessage();
    }
}
