package dev.sluice.extractor.jdbc;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.spec.settings.Lookup;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings of a {@code jdbc} source.
 *
 * <pre>{@code
 * source:
 *   type: jdbc
 *   connection: warehouse        # SLUICE_JDBC_WAREHOUSE_URL, _DRIVER, _USER, _PASSWORD_REF in the configuration
 *   query: "select customer_id, name from customers where snapshot_date = ?"
 *   parameters: ["{date}"]       # bound to the ?s in order, templated; never pasted into the SQL
 *   parameterTypes: [date]       # optional, one per parameter: auto (default: the driver's parameter metadata),
 *                                # string, date, timestamp, timestamptz, integer, decimal, double, boolean
 *   fetchSize: 10000             # rows per round trip (the driver streams; Postgres needs autocommit off, done here)
 *   queryTimeout: 30m            # the statement's timeout
 *   allowEmpty: false            # zero rows: error (false) or an empty file with the query's columns (true)
 *   watermark:                   # optional: incremental, only the rows changed since the last successful run
 *     query: "select max(updated_at) from orders"   # the watermark column's current maximum; no parameters
 *     initial: "1970-01-01T00:00:00Z"               # the first run's exclusive lower bound
 * }</pre>
 *
 * With a watermark, the query binds the run's range through the template variables {@code {watermark_low}} and
 * {@code {watermark_high}}: {@code where updated_at > ? and updated_at <= ?} with
 * {@code parameters: ["{watermark_low}", "{watermark_high}"]}.
 */
public record JdbcSourceSettings(
        JdbcConnectionSettings connection,
        String query,
        List<String> parameters,
        List<String> parameterTypes,
        int fetchSize,
        Duration queryTimeout,
        boolean allowEmpty,
        Watermark watermark) {

    /** The watermark of an incremental source: the query of its column's maximum, and the first lower bound. */
    public record Watermark(String query, String initial) {
    }

    public static final List<String> PARAMETER_TYPES = List.of("auto", "string", "date", "timestamp", "timestamptz",
            "integer", "decimal", "double", "boolean");
    static final Set<String> KNOWN = Set.of("connection", "query", "parameters", "parameterTypes", "fetchSize",
            "queryTimeout", "allowEmpty", "watermark");
    private static final String LOW = "{" + dev.sluice.extractor.IncrementalSource.LOW + "}";
    private static final String HIGH = "{" + dev.sluice.extractor.IncrementalSource.HIGH + "}";

    public JdbcSourceSettings {
        parameters = List.copyOf(parameters);
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** Reads and validates the settings; the connection must be configured in {@code configuration}. */
    public static JdbcSourceSettings from(PluginSettings s, Lookup configuration) {
        s.onlyKnown(KNOWN);
        JdbcConnectionSettings connection = JdbcConnectionSettings.fromConfiguration(
                s.requiredString("connection").trim(), configuration, s.name("connection"));
        String query = s.requiredString("query");
        List<String> parameters = s.strings("parameters");
        int placeholders = countPlaceholders(query);
        if (placeholders != parameters.size()) {
            throw s.invalid("parameters", "the query has " + placeholders + " placeholder(s) '?' but "
                    + parameters.size() + " parameter(s) are given");
        }
        List<String> types = s.strings("parameterTypes").stream().map(t -> t.trim().toLowerCase()).toList();
        if (!types.isEmpty() && types.size() != parameters.size()) {
            throw s.invalid("parameterTypes", "has " + types.size() + " entries for " + parameters.size()
                    + " parameter(s)");
        }
        for (int i = 0; i < types.size(); i++) {
            if (!PARAMETER_TYPES.contains(types.get(i))) {
                throw s.invalid("parameterTypes[" + i + "]", "unknown parameter type '" + types.get(i)
                        + "', expected " + PluginSettings.choices(PARAMETER_TYPES));
            }
        }
        int fetchSize = (int) s.integer("fetchSize", 10_000, 1, 1_000_000);
        Duration timeout = s.duration("queryTimeout", Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofHours(24));
        Watermark watermark = s.section("watermark").map(w -> {
            w.onlyKnown(Set.of("query", "initial"));
            String max = w.requiredString("query");
            if (countPlaceholders(max) != 0) {
                throw w.invalid("query", "'" + max + "' must take no parameters: it reads the watermark column's current maximum");
            }
            return new Watermark(max, w.requiredString("initial"));
        }).orElse(null);
        boolean usesRange = parameters.stream().anyMatch(p -> p.contains(LOW) || p.contains(HIGH));
        if (watermark != null && parameters.stream().noneMatch(p -> p.contains(LOW))) {
            throw s.invalid("parameters", parameters + " bind no " + LOW + ": an incremental query must filter on the run's range,"
                    + " e.g. where updated_at > ? and updated_at <= ? with [\"" + LOW + "\", \"" + HIGH + "\"]");
        }
        if (watermark == null && usesRange) {
            throw s.invalid("parameters", parameters + " use the watermark range, but no watermark is declared (watermark: {query, initial})");
        }
        return new JdbcSourceSettings(connection, query, parameters, types, fetchSize, timeout,
                s.bool("allowEmpty", false), watermark);
    }

    /** The type of parameter {@code i}: given, or {@code auto}. */
    String parameterType(int i) {
        return parameterTypes.isEmpty() ? "auto" : parameterTypes.get(i);
    }

    /**
     * The {@code ?} placeholders of {@code sql} outside quotes, identifiers and comments. Postgres operators
     * {@code ?|}, {@code ?&} and {@code ??} are not placeholders.
     */
    static int countPlaceholders(String sql) {
        int count = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? sql.length() : end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '?') {
                char next = i + 1 < sql.length() ? sql.charAt(i + 1) : ' ';
                if (next == '|' || next == '&' || next == '?') {
                    i++;
                } else {
                    count++;
                }
            }
        }
        return count;
    }
}
