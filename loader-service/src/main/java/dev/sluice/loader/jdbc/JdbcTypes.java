package dev.sluice.loader.jdbc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps DuckDB column types (as the staged Parquet schema spells them) to SQL types for {@code createTable}, and says
 * how each column is read for loading.
 *
 * <table>
 *   <caption>DuckDB type → PostgreSQL / generic SQL</caption>
 *   <tr><td>BOOLEAN</td><td>boolean / BOOLEAN</td></tr>
 *   <tr><td>TINYINT, SMALLINT, UTINYINT</td><td>smallint / SMALLINT</td></tr>
 *   <tr><td>INTEGER, USMALLINT</td><td>integer / INTEGER</td></tr>
 *   <tr><td>BIGINT, UINTEGER</td><td>bigint / BIGINT</td></tr>
 *   <tr><td>UBIGINT, HUGEINT, UHUGEINT</td><td>numeric(20) or numeric(39) / DECIMAL(20) or DECIMAL(38)</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>real, double precision / REAL, DOUBLE PRECISION</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>numeric(p,s) / DECIMAL(p,s)</td></tr>
 *   <tr><td>VARCHAR</td><td>text / VARCHAR(65535)</td></tr>
 *   <tr><td>DATE, TIME</td><td>date, time / DATE, TIME</td></tr>
 *   <tr><td>TIMESTAMP (and _S, _MS, _NS)</td><td>timestamp / TIMESTAMP</td></tr>
 *   <tr><td>TIMESTAMP WITH TIME ZONE</td><td>timestamptz / TIMESTAMP WITH TIME ZONE</td></tr>
 *   <tr><td>UUID</td><td>uuid / VARCHAR(36)</td></tr>
 *   <tr><td>BLOB</td><td>bytea / BLOB</td></tr>
 *   <tr><td>INTERVAL</td><td>interval / VARCHAR(64)</td></tr>
 *   <tr><td>lists, STRUCT, MAP, UNION, JSON</td><td>jsonb (the value as JSON) / VARCHAR(65535)</td></tr>
 * </table>
 */
public final class JdbcTypes {

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private JdbcTypes() {
    }

    /** Whether values of {@code duckType} are loaded as JSON text. */
    public static boolean nested(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT).trim();
        return t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION") || t.equals("JSON");
    }

    /** Whether values of {@code duckType} are binary. */
    public static boolean binary(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT).trim();
        return t.equals("BLOB") || t.equals("BYTEA") || t.equals("VARBINARY");
    }

    /** The SQL type for a column of {@code duckType}, or empty when there is no sensible one. */
    public static Optional<String> sqlType(String duckType, boolean postgres) {
        String t = duckType.toUpperCase(Locale.ROOT).trim();
        if (nested(t)) {
            return Optional.of(postgres ? "jsonb" : "VARCHAR(65535)");
        }
        Matcher d = DECIMAL.matcher(t);
        if (d.matches()) {
            String scale = d.group(2) == null ? "0" : d.group(2);
            return Optional.of((postgres ? "numeric(" : "DECIMAL(") + d.group(1) + "," + scale + ")");
        }
        String mapped = switch (t) {
            case "BOOLEAN", "BOOL" -> postgres ? "boolean" : "BOOLEAN";
            case "TINYINT", "SMALLINT", "UTINYINT", "INT1", "INT2" -> postgres ? "smallint" : "SMALLINT";
            case "INTEGER", "INT", "INT4", "USMALLINT" -> postgres ? "integer" : "INTEGER";
            case "BIGINT", "INT8", "UINTEGER" -> postgres ? "bigint" : "BIGINT";
            case "UBIGINT" -> postgres ? "numeric(20,0)" : "DECIMAL(20,0)";
            case "HUGEINT", "UHUGEINT", "INT128" -> postgres ? "numeric(39,0)" : "DECIMAL(38,0)";
            case "FLOAT", "REAL", "FLOAT4" -> postgres ? "real" : "REAL";
            case "DOUBLE", "FLOAT8" -> postgres ? "double precision" : "DOUBLE PRECISION";
            case "DECIMAL", "NUMERIC" -> postgres ? "numeric(18,3)" : "DECIMAL(18,3)";
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR" -> postgres ? "text" : "VARCHAR(65535)";
            case "DATE" -> postgres ? "date" : "DATE";
            case "TIME" -> postgres ? "time" : "TIME";
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> postgres ? "timestamp" : "TIMESTAMP";
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> postgres ? "timestamptz" : "TIMESTAMP WITH TIME ZONE";
            case "UUID" -> postgres ? "uuid" : "VARCHAR(36)";
            case "BLOB", "BYTEA", "VARBINARY" -> postgres ? "bytea" : "BLOB";
            case "INTERVAL" -> postgres ? "interval" : "VARCHAR(64)";
            default -> null;
        };
        return Optional.ofNullable(mapped);
    }

    /** Whether a DuckDB type is a date, an integer or anything else, to bind a partition value in its type. */
    static Object partitionValue(String duckType, String value) {
        String t = duckType.toUpperCase(Locale.ROOT).trim();
        try {
            return switch (t) {
                case "DATE" -> java.time.LocalDate.parse(value);
                case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER" -> Long.parseLong(value);
                default -> value;
            };
        } catch (RuntimeException e) {
            return value;
        }
    }
}
