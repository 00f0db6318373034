package dev.sluice.dataplane;

import dev.sluice.contracts.DatasetSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DuckDB database for one piece of work, sized by {@link DuckDbResources}: in memory by default, or in a
 * temporary file when the work appends more than should stay in memory ({@link #openFile}). Closing it closes the
 * connection and deletes the file.
 *
 * <p>Every statement takes its values as bound parameters ({@code ?}); a {@link Collection} binds as a
 * {@code VARCHAR[]} list, e.g. the files of {@code read_csv(?)}. Text that cannot be a parameter in DuckDB (a
 * {@code COPY} target, the keys of a {@code types} struct) goes through {@link #literal(String)}.
 *
 * <p>The session sets {@code TimeZone='UTC'}, so that {@code TIMESTAMP WITH TIME ZONE} values print and convert the
 * same everywhere, and {@code preserve_insertion_order=false} unless asked to keep it: results without an
 * {@code ORDER BY} may then come in any order, which lets DuckDB stream large copies in bounded memory.
 *
 * <p>Failures surface as {@link QueryFailedException} with DuckDB's message and the {@link SQLException} as cause.
 * Not thread-safe: one session per worker thread.
 */
public final class DuckDbSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSession.class);

    private final DuckDBConnection connection;
    private final Path databaseFile;
    private final DuckDbResources resources;

    private DuckDbSession(DuckDBConnection connection, Path databaseFile, DuckDbResources resources) {
        this.connection = connection;
        this.databaseFile = databaseFile;
        this.resources = resources;
    }

    /** An in-memory database that does not preserve insertion order. */
    public static DuckDbSession open(DuckDbResources resources) {
        return open(resources, null, false);
    }

    /**
     * A database in {@code file} (which must not exist yet; it is deleted on close), for work that appends more rows
     * than should stay in memory.
     */
    public static DuckDbSession openFile(DuckDbResources resources, Path file) {
        Objects.requireNonNull(file, "file");
        return open(resources, file, false);
    }

    /**
     * A database in memory ({@code file == null}) or in {@code file}; {@code preserveInsertionOrder} keeps the
     * order of rows through statements without {@code ORDER BY}, at some cost in memory.
     */
    public static DuckDbSession open(DuckDbResources resources, Path file, boolean preserveInsertionOrder) {
        Objects.requireNonNull(resources, "resources");
        try {
            Files.createDirectories(resources.tempDirectory());
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + resources.tempDirectory(), e);
        }
        Properties properties = new Properties();
        // Settings that must be in place before the database starts.
        properties.setProperty("memory_limit", resources.memoryLimitSetting());
        properties.setProperty("threads", Integer.toString(resources.threads()));
        properties.setProperty("temp_directory", resources.tempDirectory().toString());
        String url = "jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath());
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
            DuckDbSession session = new DuckDbSession(connection, file, resources);
            try {
                session.execute("SET preserve_insertion_order = " + preserveInsertionOrder);
                session.execute("SET TimeZone = 'UTC'");
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            LOG.debug("Opened DuckDB {} (memory_limit={}, threads={}, temp_directory={})",
                    file == null ? "in memory" : file, resources.memoryLimitSetting(), resources.threads(),
                    resources.tempDirectory());
            return session;
        } catch (SQLException e) {
            throw new QueryFailedException("Could not open DuckDB " + (file == null ? "in memory" : file) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Confines the session to {@code allowedDirectories} (DuckDB's {@code allowed_directories} with
     * {@code enable_external_access = false}: no other file, no network, no extension loading) and then sets
     * {@code lock_configuration}, so that no later statement, user SQL included, can change any setting back. Call it
     * after every other setting: a {@code SET} after it fails with {@link QueryFailedException}.
     */
    public void sandbox(Collection<Path> allowedDirectories) {
        String allowed = allowedDirectories.stream()
                .map(d -> literal(d.toAbsolutePath().toString().endsWith("/") ? d.toAbsolutePath().toString()
                        : d.toAbsolutePath() + "/"))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        execute("SET allowed_directories = " + allowed);
        execute("SET enable_external_access = false");
        execute("SET lock_configuration = true");
    }

    /** The resources the session was opened with. */
    public DuckDbResources resources() {
        return resources;
    }

    /** The JDBC connection, for what this class does not offer. */
    public DuckDBConnection connection() {
        return connection;
    }

    /** Runs a statement with bound parameters; returns the update count (0 when there is none). */
    public long execute(String sql, Object... params) {
        try (PreparedStatement statement = prepare(sql, params)) {
            boolean hasResults = statement.execute();
            if (hasResults) {
                try (ResultSet rs = statement.getResultSet()) {
                    // COPY ... TO returns the number of rows written as a result.
                    if (rs.next() && rs.getMetaData().getColumnCount() == 1) {
                        Object v = rs.getObject(1);
                        return v instanceof Number n ? n.longValue() : 0;
                    }
                    return 0;
                }
            }
            long count = statement.getLargeUpdateCount();
            return Math.max(count, 0);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs a query with bound parameters and returns every row as column name to value, in order. */
    public List<Map<String, Object>> query(String sql, Object... params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        query(sql, rs -> {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.put(md.getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }, params);
        return rows;
    }

    /** Runs a query with bound parameters and hands each row to {@code consumer}. */
    public void query(String sql, RowConsumer consumer, Object... params) {
        try (PreparedStatement statement = prepare(sql, params); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                consumer.accept(rs);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** The single value of a query that returns one row and one column, or {@code null}. */
    public Object queryValue(String sql, Object... params) {
        Object[] value = new Object[1];
        query(sql, rs -> value[0] = rs.getObject(1), params);
        return value[0];
    }

    /** The number of rows of a relation: a table name or a {@code SELECT}. */
    public long count(String relationSql, Object... params) {
        Object value = queryValue("SELECT count(*) FROM " + relation(relationSql), params);
        return ((Number) value).longValue();
    }

    /**
     * The columns of a relation (a table name or a {@code SELECT}) as DuckDB types them, e.g.
     * {@code DECIMAL(18,2)}, {@code STRUCT(city VARCHAR, zip VARCHAR)}. Every column is nullable unless DuckDB
     * knows it is not (a {@code NOT NULL} column of a table).
     */
    public DatasetSchema describe(String relationSql, Object... params) {
        List<DatasetSchema.Column> columns = new ArrayList<>();
        query("DESCRIBE SELECT * FROM " + relation(relationSql), rs -> columns.add(new DatasetSchema.Column(
                rs.getString("column_name"), rs.getString("column_type"), !"NO".equals(rs.getString("null")))),
                params);
        return DatasetSchema.of(columns);
    }

    /**
     * Writes the rows of {@code selectSql} to a Parquet file compressed with zstd, replacing it if it exists.
     *
     * @return the number of rows written
     */
    public long copyToParquet(String selectSql, Path file, Object... params) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + file, e);
        }
        return execute("COPY (" + selectSql + ") TO " + literal(file.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)", params);
    }

    /** An appender to a table of the main schema; close it (or flush it) before reading the table. */
    public DuckDBAppender appender(String table) {
        try {
            return connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
        } catch (SQLException e) {
            throw new QueryFailedException("Could not append to " + table + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} as a SQL string literal, with quotes doubled: for the few places DuckDB takes no parameter. */
    /**
     * Loads DuckDB's native library and JDBC classes by running one query in a throwaway in-memory database: what a
     * SnapStart snapshot should hold, so that the first message after a restore does not pay for it.
     */
    public static void prime() {
        try (var connection = DriverManager.getConnection("jdbc:duckdb:"); var statement = connection.createStatement();
             var result = statement.executeQuery("select 42")) {
            result.next();
        } catch (SQLException e) {
            throw new QueryFailedException("Could not open DuckDB to prime it: " + e.getMessage(), e);
        }
    }

    public static String literal(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL character in a SQL literal");
        }
        return "'" + text.replace("'", "''") + "'";
    }

    /** {@code name} as a quoted SQL identifier, with quotes doubled. */
    public static String identifier(String name) {
        Objects.requireNonNull(name, "name");
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL character in a SQL identifier");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Could not close DuckDB: {}", e.getMessage());
        }
        if (databaseFile != null) {
            for (Path p : List.of(databaseFile, Path.of(databaseFile + ".wal"))) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", p, e.getMessage());
                }
            }
        }
    }

    /**
     * {@code relationSql} usable after {@code FROM}: a query ({@code SELECT}, {@code WITH}, {@code FROM},
     * {@code VALUES}) in parentheses, anything else (a table, {@code read_parquet(?)}) as it is.
     */
    static String relation(String relationSql) {
        String head = relationSql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        for (String keyword : List.of("SELECT", "WITH", "FROM", "VALUES", "(")) {
            if (head.startsWith(keyword) && (keyword.equals("(") || head.length() == keyword.length()
                    || !Character.isLetterOrDigit(head.charAt(keyword.length())))) {
                return "(" + relationSql + ") AS relation";
            }
        }
        return relationSql;
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Collection<?> list) {
                    Array array = connection.createArrayOf("VARCHAR", list.stream().map(String::valueOf).toArray());
                    statement.setObject(i + 1, array);
                } else if (p instanceof Path path) {
                    statement.setString(i + 1, path.toString());
                } else {
                    statement.setObject(i + 1, p);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static QueryFailedException failure(String sql, SQLException e) {
        String first = sql.length() > 200 ? sql.substring(0, 200) + "..." : sql;
        return new QueryFailedException(e.getMessage() + " [in: " + first.replaceAll("\\s+", " ") + "]", e);
    }

    /** Receives one row of a result. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }
}
