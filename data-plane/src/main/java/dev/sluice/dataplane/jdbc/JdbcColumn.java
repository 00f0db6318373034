package dev.sluice.dataplane.jdbc;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.MalformedDataException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;

/**
 * One column of a JDBC result and how it lands in DuckDB (the extractor's JDBC source and {@code compare} load
 * JDBC results through it, see {@link #load}): its DuckDB type, the staging column the appender fills,
 * and the expression that turns the staging column into the final one.
 *
 * <table>
 *   <caption>Type mapping</caption>
 *   <tr><th>JDBC</th><th>DuckDB</th></tr>
 *   <tr><td>BOOLEAN, BIT (Postgres {@code bool})</td><td>BOOLEAN</td></tr>
 *   <tr><td>TINYINT, SMALLINT / INTEGER / BIGINT</td><td>SMALLINT / INTEGER / BIGINT</td></tr>
 *   <tr><td>REAL / FLOAT, DOUBLE</td><td>FLOAT / DOUBLE</td></tr>
 *   <tr><td>NUMERIC, DECIMAL (p ≤ 38)</td><td>DECIMAL(p,s)</td></tr>
 *   <tr><td>NUMERIC without precision (Postgres {@code numeric})</td><td>DECIMAL(38,10), rounded half-even</td></tr>
 *   <tr><td>NUMERIC with p &gt; 38</td><td>VARCHAR (exact text)</td></tr>
 *   <tr><td>DATE / TIME / TIMESTAMP</td><td>DATE / TIME / TIMESTAMP</td></tr>
 *   <tr><td>TIMESTAMP WITH TIME ZONE (Postgres {@code timestamptz})</td><td>TIMESTAMP WITH TIME ZONE (the instant)</td></tr>
 *   <tr><td>BINARY, VARBINARY, BLOB ({@code bytea})</td><td>BLOB</td></tr>
 *   <tr><td>Postgres {@code uuid}</td><td>UUID</td></tr>
 *   <tr><td>anything else (text, json, arrays, intervals, ...)</td><td>VARCHAR, the driver's text</td></tr>
 * </table>
 */
public final class JdbcColumn {

    /** Unconstrained numerics land with this many fraction digits. */
    static final int DEFAULT_DECIMAL_SCALE = 10;

    private final String name;
    private final String duckDbType;
    private final String stagingType;
    private final Writer writer;
    private final boolean base64;

    @FunctionalInterface
    interface Writer {
        void write(ResultSet rs, int index, DuckDBAppender appender) throws SQLException;
    }

    private JdbcColumn(String name, String duckDbType, String stagingType, Writer writer, boolean base64) {
        this.name = name;
        this.duckDbType = duckDbType;
        this.stagingType = stagingType;
        this.writer = writer;
        this.base64 = base64;
    }

    public String name() {
        return name;
    }

    public String duckDbType() {
        return duckDbType;
    }

    /** The column definition of the staging table. */
    public String stagingDefinition() {
        return DuckDbSession.identifier(name) + " " + stagingType;
    }

    /** The select expression that yields the final column from the staging table. */
    public String finalExpression() {
        String column = DuckDbSession.identifier(name);
        return base64 ? "from_base64(" + column + ") AS " + column : column;
    }

    public void write(ResultSet rs, int index, DuckDBAppender appender) throws SQLException {
        writer.write(rs, index, appender);
    }

    /**
     * Streams the rows of {@code rs} into a new table {@code table} of {@code db} through DuckDB's appender (memory
     * bounded by DuckDB's limit when {@code db} is a file database), with the staging columns of {@link #of}.
     *
     * @return the number of rows
     * @throws SQLException when the driver fails (the caller classifies it)
     * @throws MalformedDataException when a value does not fit its column
     */
    public static long load(DuckDbSession db, ResultSet rs, List<JdbcColumn> columns, String table)
            throws SQLException {
        db.execute(columns.stream().map(JdbcColumn::stagingDefinition)
                .collect(Collectors.joining(", ", "CREATE TABLE " + DuckDbSession.identifier(table) + " (", ")")));
        long rows = 0;
        int n = columns.size();
        try (DuckDBAppender appender = db.appender(table)) {
            while (rs.next()) {
                appender.beginRow();
                for (int i = 0; i < n; i++) {
                    try {
                        columns.get(i).write(rs, i + 1, appender);
                    } catch (SQLException | ArithmeticException e) {
                        if (e instanceof SQLException sql && !sql.getMessage().startsWith("Appender")) {
                            throw sql; // a driver failure, classified by the caller
                        }
                        throw new MalformedDataException("row " + (rows + 1) + ", column " + columns.get(i).name()
                                + " (" + columns.get(i).duckDbType() + "): " + e.getMessage(), null, 0, null);
                    }
                }
                appender.endRow();
                rows++;
            }
        }
        return rows;
    }

    /** The {@code SELECT} of the final columns from the staging table {@code table} that {@link #load} filled. */
    public static String selectFinal(List<JdbcColumn> columns, String table) {
        return columns.stream().map(JdbcColumn::finalExpression)
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + DuckDbSession.identifier(table)));
    }

    /** The columns of a result, names made unique ({@code id}, {@code id_2}). */
    public static List<JdbcColumn> of(ResultSetMetaData md) throws SQLException {
        List<JdbcColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            String name = label == null || label.isBlank() ? "column" + i : label;
            String unique = name;
            for (int n = 2; !names.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = name + "_" + n;
            }
            columns.add(map(unique, md.getColumnType(i), nullToEmpty(md.getColumnTypeName(i)), md.getPrecision(i),
                    md.getScale(i)));
        }
        return columns;
    }

    public static JdbcColumn map(String name, int jdbcType, String typeName, int precision, int scale) {
        String tn = typeName.toLowerCase(Locale.ROOT);
        if (tn.equals("timestamptz") || tn.contains("with time zone") && tn.startsWith("timestamp")
                || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return simple(name, "TIMESTAMP WITH TIME ZONE", (rs, i, a) -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
        }
        if (tn.equals("uuid")) {
            return simple(name, "UUID", (rs, i, a) -> {
                UUID v = rs.getObject(i, UUID.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
        }
        return switch (jdbcType) {
            case Types.BOOLEAN -> bool(name);
            case Types.BIT -> tn.equals("bool") || tn.equals("boolean") || precision <= 1 ? bool(name) : text(name);
            case Types.TINYINT, Types.SMALLINT -> simple(name, "SMALLINT", (rs, i, a) -> {
                short v = rs.getShort(i);
                if (rs.wasNull()) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.INTEGER -> simple(name, "INTEGER", (rs, i, a) -> {
                int v = rs.getInt(i);
                if (rs.wasNull()) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.BIGINT -> simple(name, "BIGINT", (rs, i, a) -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.REAL -> simple(name, "FLOAT", (rs, i, a) -> {
                float v = rs.getFloat(i);
                if (rs.wasNull()) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.FLOAT, Types.DOUBLE -> simple(name, "DOUBLE", (rs, i, a) -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.NUMERIC, Types.DECIMAL -> decimal(name, precision, scale);
            case Types.DATE -> simple(name, "DATE", (rs, i, a) -> {
                LocalDate v = rs.getObject(i, LocalDate.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.TIME -> simple(name, "TIME", (rs, i, a) -> {
                LocalTime v = rs.getObject(i, LocalTime.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.TIMESTAMP -> simple(name, "TIMESTAMP", (rs, i, a) -> {
                LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            });
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> new JdbcColumn(name, "BLOB",
                    "VARCHAR", (rs, i, a) -> {
                        byte[] v = rs.getBytes(i);
                        if (v == null) {
                            a.appendNull();
                        } else {
                            a.append(Base64.getEncoder().encodeToString(v));
                        }
                    }, true);
            default -> text(name);
        };
    }

    private static JdbcColumn decimal(String name, int precision, int scale) {
        if (precision > 38) {
            return text(name);
        }
        int p;
        int s;
        if (precision <= 0) {
            p = 38;
            s = DEFAULT_DECIMAL_SCALE;
        } else {
            p = precision;
            s = Math.max(0, Math.min(scale, p));
        }
        return simple(name, "DECIMAL(" + p + "," + s + ")", (rs, i, a) -> {
            BigDecimal v = rs.getBigDecimal(i);
            if (v == null) {
                a.appendNull();
            } else {
                a.append(v.setScale(s, RoundingMode.HALF_EVEN));
            }
        });
    }

    private static JdbcColumn bool(String name) {
        return simple(name, "BOOLEAN", (rs, i, a) -> {
            boolean v = rs.getBoolean(i);
            if (rs.wasNull()) {
                a.appendNull();
            } else {
                a.append(v);
            }
        });
    }

    private static JdbcColumn text(String name) {
        return simple(name, "VARCHAR", (rs, i, a) -> {
            String v = rs.getString(i);
            if (v == null) {
                a.appendNull();
            } else {
                a.append(v);
            }
        });
    }

    private static JdbcColumn simple(String name, String type, Writer writer) {
        return new JdbcColumn(name, type, type, writer, false);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
