package dev.sluice.loader.jdbc;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.jdbc.JdbcErrors;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbc} target: loads an output into a table, all in ONE transaction with its generation guard.
 *
 * <ol>
 *   <li><b>Guard.</b> The control table {@code sluice_load_generations(target_table, partition_key, generation,
 *       run_id, loaded_at)} holds the generation each partition of each table was loaded from. Inside the load's
 *       transaction, {@code UPDATE ... SET generation = ? WHERE ... AND generation < ?} (or an insert when the
 *       partition has no row) claims the partition and locks its row. Zero rows updated with the same generation
 *       stored means a redelivery ({@link TargetResult.Status#UNCHANGED}); with a newer one stored, this run is
 *       superseded ({@link TargetResult.Status#SUPERSEDED}). Either way the transaction rolls back: an older
 *       generation never overwrites a newer one, and rows are never loaded twice.</li>
 *   <li><b>Rows.</b> {@code replace}: delete the partition's rows (by its dimension columns, e.g. {@code date}) and
 *       insert. {@code merge}: upsert by {@code key}; PostgreSQL with {@code INSERT ... ON CONFLICT (key) DO UPDATE}
 *       from a temporary table, other databases by deleting the keys and inserting.</li>
 *   <li><b>Bulk.</b> PostgreSQL: DuckDB writes the staged Parquet as CSV, streamed into {@code COPY ... FROM STDIN}
 *       through the driver's CopyManager. Other databases: rows streamed from DuckDB into batched
 *       {@code PreparedStatement} inserts.</li>
 * </ol>
 */
public final class JdbcTarget implements LoadTarget {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTarget.class);

    private final JdbcTargetSettings settings;
    private final SecretResolver secrets;
    private final DuckDbResources duckDb;
    private final Clock clock;

    public JdbcTarget(JdbcTargetSettings settings, SecretResolver secrets, DuckDbResources duckDb, Clock clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.duckDb = duckDb;
        this.clock = clock;
    }

    public JdbcTargetSettings settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "jdbc " + settings.connection().name() + ":" + settings.tableName();
    }

    @Override
    public TargetResult load(LoadRequest request) {
        DatasetSchema schema = request.staged().schema();
        checkColumns(request, schema);
        Secret password = settings.connection().password(secrets);
        long started = System.nanoTime();
        try (Connection connection = settings.connection().open(password)) {
            boolean postgres = isPostgres(connection);
            connection.setAutoCommit(false);
            try {
                prepareTables(connection, schema, postgres);
                TargetResult result = loadInTransaction(connection, request, schema, postgres);
                if (result.status() == TargetResult.Status.LOADED) {
                    connection.commit();
                    LOG.info("{}: loaded {} rows of {} {} generation {} in {} ms", describe(), result.rows(),
                            request.dataset(), request.partition().key(), request.generation(),
                            (System.nanoTime() - started) / 1_000_000);
                } else {
                    connection.rollback();
                    LOG.info("{}: {} {} generation {}: {}", describe(), request.dataset(), request.partition().key(),
                            request.generation(), result.detail());
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw classify("loading " + request.dataset() + " " + request.partition().key() + " into " + describe(), e, password);
        }
    }

    private void checkColumns(LoadRequest request, DatasetSchema schema) {
        List<String> columns = schema.columns().stream().map(DatasetSchema.Column::name).toList();
        if (columns.isEmpty()) {
            throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": the staged output " + request.dataset() + " has no columns");
        }
        if (settings.mode() == JdbcTargetSettings.Mode.REPLACE) {
            for (String dimension : request.partition().dimensions().keySet()) {
                if (!columns.contains(dimension)) {
                    throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": mode replace deletes the partition's rows by its"
                            + " dimension '" + dimension + "', which is not a column of " + request.dataset() + " " + columns);
                }
            }
        } else {
            for (String key : settings.key()) {
                if (!columns.contains(key)) {
                    throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": key column '" + key + "' is not a column of "
                            + request.dataset() + " " + columns);
                }
            }
        }
    }

    private boolean isPostgres(Connection connection) throws SQLException {
        return switch (settings.dialect()) {
            case POSTGRES -> true;
            case GENERIC -> false;
            case AUTO -> "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())
                    && connection.isWrapperFor(PGConnection.class);
        };
    }

    /** Creates the control table, and the target table if asked, each in its own short transaction. */
    private void prepareTables(Connection connection, DatasetSchema schema, boolean postgres) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + controlTable() + " (target_table VARCHAR(512) NOT NULL, "
                    + "partition_key VARCHAR(1024) NOT NULL, generation BIGINT NOT NULL, run_id VARCHAR(256) NOT NULL, "
                    + "loaded_at " + (postgres ? "timestamptz" : "TIMESTAMP") + " NOT NULL, "
                    + "PRIMARY KEY (target_table, partition_key))");
            if (settings.createTable()) {
                st.execute(createTableSql(schema, postgres));
            }
        }
        connection.commit();
    }

    String createTableSql(DatasetSchema schema, boolean postgres) {
        List<String> columns = new ArrayList<>();
        for (DatasetSchema.Column c : schema.columns()) {
            String type = JdbcTypes.sqlType(c.type(), postgres).orElseThrow(() -> new ClassifiedException(ErrorClass.TARGET_REJECTED, describe()
                    + ": createTable cannot map column '" + c.name() + "' of type " + c.type() + " to a SQL type"));
            boolean notNull = !c.nullable() || settings.key().contains(c.name());
            columns.add(quote(c.name()) + " " + type + (notNull ? " NOT NULL" : ""));
        }
        if (settings.mode() == JdbcTargetSettings.Mode.MERGE) {
            columns.add("PRIMARY KEY (" + settings.key().stream().map(JdbcTarget::quote).collect(Collectors.joining(", ")) + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + table() + " (" + String.join(", ", columns) + ")";
    }

    private TargetResult loadInTransaction(Connection connection, LoadRequest request, DatasetSchema schema, boolean postgres)
            throws SQLException {
        long generation = request.generation();
        String partitionKey = request.partition().key();
        Instant now = clock.instant();
        Object loadedAt = postgres ? OffsetDateTime.ofInstant(now, ZoneOffset.UTC) : Timestamp.from(now);
        try (PreparedStatement claim = connection.prepareStatement("UPDATE " + controlTable()
                + " SET generation = ?, run_id = ?, loaded_at = ? WHERE target_table = ? AND partition_key = ? AND generation < ?")) {
            claim.setLong(1, generation);
            claim.setString(2, request.runId());
            claim.setObject(3, loadedAt);
            claim.setString(4, settings.tableName());
            claim.setString(5, partitionKey);
            claim.setLong(6, generation);
            if (claim.executeUpdate() == 0) {
                Long stored = null;
                String storedRun = null;
                try (PreparedStatement read = connection.prepareStatement("SELECT generation, run_id FROM " + controlTable()
                        + " WHERE target_table = ? AND partition_key = ?" + (postgres ? " FOR UPDATE" : ""))) {
                    read.setString(1, settings.tableName());
                    read.setString(2, partitionKey);
                    try (ResultSet rs = read.executeQuery()) {
                        if (rs.next()) {
                            stored = rs.getLong(1);
                            storedRun = rs.getString(2);
                        }
                    }
                }
                if (stored != null && stored == generation) {
                    return TargetResult.unchanged(generation, "generation " + generation + " was loaded already (run "
                            + storedRun + ")");
                }
                if (stored != null) {
                    return TargetResult.superseded(stored, "generation " + stored + " (run " + storedRun
                            + ") is loaded, newer than " + generation);
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + controlTable()
                        + " (target_table, partition_key, generation, run_id, loaded_at) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, settings.tableName());
                    insert.setString(2, partitionKey);
                    insert.setLong(3, generation);
                    insert.setString(4, request.runId());
                    insert.setObject(5, loadedAt);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, describe() + ": another load of " + partitionKey
                                + " claimed it concurrently; try again", e);
                    }
                    throw e;
                }
            }
        }
        long rows = settings.mode() == JdbcTargetSettings.Mode.REPLACE
                ? replace(connection, request, schema, postgres)
                : merge(connection, request, schema, postgres);
        return TargetResult.loaded(rows, generation, "loaded " + rows + " rows into " + settings.tableName());
    }

    private long replace(Connection connection, LoadRequest request, DatasetSchema schema, boolean postgres) throws SQLException {
        Map<String, String> dims = request.partition().dimensions();
        String where = dims.isEmpty() ? "" : " WHERE " + dims.keySet().stream().map(d -> quote(d) + " = ?")
                .collect(Collectors.joining(" AND "));
        long deleted;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table() + where)) {
            int i = 1;
            for (Map.Entry<String, String> dim : dims.entrySet()) {
                delete.setObject(i++, JdbcTypes.partitionValue(typeOf(schema, dim.getKey()), dim.getValue()));
            }
            deleted = delete.executeLargeUpdate();
        }
        LOG.debug("{}: deleted {} rows of partition {}", describe(), deleted, request.partition().key());
        return postgres ? copy(connection, request, schema, table()) : insertBatches(connection, request, schema);
    }

    private long merge(Connection connection, LoadRequest request, DatasetSchema schema, boolean postgres) throws SQLException {
        String columns = columnList(schema);
        if (postgres) {
            String temp = quote("sluice_merge_" + Long.toHexString(System.nanoTime()));
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TEMPORARY TABLE " + temp + " (LIKE " + table() + " INCLUDING DEFAULTS) ON COMMIT DROP");
            }
            copy(connection, request, schema, temp);
            List<String> updates = schema.columns().stream().map(DatasetSchema.Column::name)
                    .filter(c -> !settings.key().contains(c)).map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
            String conflict = "ON CONFLICT (" + settings.key().stream().map(JdbcTarget::quote).collect(Collectors.joining(", "))
                    + ") " + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
            try (Statement st = connection.createStatement()) {
                return st.executeLargeUpdate("INSERT INTO " + table() + " (" + columns + ") SELECT " + columns + " FROM "
                        + temp + " " + conflict);
            }
        }
        // Generic: delete the incoming keys, then insert; one transaction makes it an upsert.
        String where = settings.key().stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
        String keySelect = settings.key().stream().map(k -> readExpression(k, typeOf(schema, k), false))
                .collect(Collectors.joining(", "));
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table() + " WHERE " + where);
             DuckDbSession duck = DuckDbSession.open(duckDb)) {
            if (!request.data().localFiles().isEmpty()) {
                int[] pending = {0};
                duck.query("SELECT " + keySelect + " FROM read_parquet(?)", rs -> {
                    for (int i = 1; i <= settings.key().size(); i++) {
                        delete.setObject(i, jdbcValue(rs.getObject(i)));
                    }
                    delete.addBatch();
                    if (++pending[0] >= settings.batchSize()) {
                        delete.executeBatch();
                        pending[0] = 0;
                    }
                }, files(request));
                if (pending[0] > 0) {
                    delete.executeBatch();
                }
            }
        } catch (ClassifiedException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        return insertBatches(connection, request, schema);
    }

    /** PostgreSQL: DuckDB writes CSV, {@code COPY ... FROM STDIN (FORMAT csv)} reads it. */
    private long copy(Connection connection, LoadRequest request, DatasetSchema schema, String into) throws SQLException {
        if (request.data().localFiles().isEmpty()) {
            return 0;
        }
        Path csv = request.data().scratch("jdbc-" + Long.toHexString(System.nanoTime())).resolve("rows.csv");
        String select = schema.columns().stream().map(c -> readExpression(c.name(), c.type(), true))
                .collect(Collectors.joining(", "));
        try (DuckDbSession duck = DuckDbSession.open(duckDb)) {
            duck.execute("COPY (SELECT " + select + " FROM read_parquet(?)) TO " + DuckDbSession.literal(csv.toString())
                    + " (FORMAT csv, HEADER false)", files(request));
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + into + " (" + columnList(schema) + ") FROM STDIN WITH (FORMAT csv)", in);
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, describe() + ": could not stream " + csv + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException e) {
                LOG.debug("could not delete {}", csv);
            }
        }
    }

    /** Other databases: rows streamed from DuckDB into batched inserts. */
    private long insertBatches(Connection connection, LoadRequest request, DatasetSchema schema) throws SQLException {
        if (request.data().localFiles().isEmpty()) {
            return 0;
        }
        int n = schema.columns().size();
        String select = schema.columns().stream().map(c -> readExpression(c.name(), c.type(), false))
                .collect(Collectors.joining(", "));
        String placeholders = String.join(", ", java.util.Collections.nCopies(n, "?"));
        long[] rows = {0};
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table() + " (" + columnList(schema)
                + ") VALUES (" + placeholders + ")");
             DuckDbSession duck = DuckDbSession.open(duckDb)) {
            int[] pending = {0};
            duck.query("SELECT " + select + " FROM read_parquet(?)", rs -> {
                for (int i = 1; i <= n; i++) {
                    insert.setObject(i, jdbcValue(rs.getObject(i)));
                }
                insert.addBatch();
                rows[0]++;
                if (++pending[0] >= settings.batchSize()) {
                    insert.executeBatch();
                    pending[0] = 0;
                }
            }, files(request));
            if (pending[0] > 0) {
                insert.executeBatch();
            }
        } catch (ClassifiedException e) {
            // A failure of the JDBC side surfaces through DuckDB's row callback: unwrap it.
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        return rows[0];
    }

    private static List<String> files(LoadRequest request) {
        return request.data().localFiles().stream().map(Path::toString).toList();
    }

    /** How DuckDB reads a column for loading: nested values as JSON, blobs as PostgreSQL hex for COPY. */
    private static String readExpression(String column, String type, boolean csv) {
        String c = DuckDbSession.identifier(column);
        if (JdbcTypes.nested(type)) {
            return "CAST(to_json(" + c + ") AS VARCHAR) AS " + c;
        }
        if (csv && JdbcTypes.binary(type)) {
            return "CASE WHEN " + c + " IS NULL THEN NULL ELSE '\\x' || lower(hex(" + c + ")) END AS " + c;
        }
        return c;
    }

    private static Object jdbcValue(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof java.math.BigInteger big) {
            return new java.math.BigDecimal(big);
        }
        return value;
    }

    private static String typeOf(DatasetSchema schema, String column) {
        return schema.columns().stream().filter(c -> c.name().equals(column)).map(DatasetSchema.Column::type)
                .findFirst().orElse("VARCHAR");
    }

    private String columnList(DatasetSchema schema) {
        return schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    private String table() {
        return settings.table().stream().map(JdbcTarget::quote).collect(Collectors.joining("."));
    }

    private String controlTable() {
        List<String> parts = new ArrayList<>(settings.table().subList(0, settings.table().size() - 1));
        parts.add(settings.controlTable());
        return parts.stream().map(JdbcTarget::quote).collect(Collectors.joining("."));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    /** SQLState classes as {@link JdbcErrors} sorts them, as target failures; a few states get a hint. */
    private ClassifiedException classify(String what, SQLException e, Secret password) {
        ClassifiedException classified = JdbcErrors.classify(what, e, password);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = classified.getMessage();
        if (state.equals("42P10")) {
            message += " (mode merge needs a primary key or unique constraint on " + settings.key() + ")";
        } else if (state.equals("21000")) {
            message += " (the output has two rows with the same key " + settings.key() + ")";
        }
        return switch (classified.errorClass()) {
            case SOURCE_UNAVAILABLE -> new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, message, classified.getCause());
            case SOURCE_AUTHENTICATION -> new ClassifiedException(ErrorClass.TARGET_AUTHENTICATION, message, classified.getCause());
            default -> new ClassifiedException(ErrorClass.TARGET_REJECTED, message, classified.getCause());
        };
    }
}
