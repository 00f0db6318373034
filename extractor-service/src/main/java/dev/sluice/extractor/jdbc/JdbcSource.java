package dev.sluice.extractor.jdbc;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.jdbc.JdbcColumn;
import dev.sluice.dataplane.jdbc.JdbcErrors;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.IncrementalSource;
import dev.sluice.extractor.ParquetResults;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.Templates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the rows of a parameterized query into DuckDB and writes them to Parquet.
 *
 * <ul>
 *   <li>Parameters are bound with {@link PreparedStatement}, typed by {@code parameterTypes} or else by the
 *       driver's parameter metadata (so {@code "2026-11-20"} binds as a {@code java.sql.Date} where Postgres
 *       expects a {@code date}); the SQL text is never assembled from values.</li>
 *   <li>The driver fetches {@code fetchSize} rows per round trip (autocommit off and a forward-only cursor, which
 *       Postgres needs to stream), and DuckDB's appender writes them into a table in an on-disk database in the
 *       work directory, so memory stays bounded by DuckDB's limit whatever the row count.</li>
 *   <li>Failures are classified by SQLState (see {@link JdbcErrors}) and never show the password.</li>
 * </ul>
 */
public final class JdbcSource implements IncrementalSource {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSource.class);
    private static final String TABLE = "extracted";

    private final JdbcSourceSettings settings;
    private final SourceContext context;

    JdbcSource(JdbcSourceSettings settings, SourceContext context) {
        this.settings = settings;
        this.context = context;
    }

    public JdbcSourceSettings settings() {
        return settings;
    }

    @Override
    public boolean incremental() {
        return settings.watermark() != null;
    }

    @Override
    public String initialWatermark() {
        return settings.watermark().initial();
    }

    /**
     * Runs the watermark query and returns its one value as text the parameters bind back: an instant with its offset
     * (ISO-8601) for a timestamp with time zone, ISO-8601 for dates and timestamps, the plain number otherwise.
     */
    @Override
    public String currentWatermark(ExtractRequest request) {
        String connectionName = settings.connection().name();
        Secret password = settings.connection().password(context.secrets());
        try (Connection connection = settings.connection().open(password)) {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(settings.watermark().query())) {
                statement.setQueryTimeout((int) Math.max(1, settings.queryTimeout().toSeconds()));
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Object value = rs.getObject(1);
                    if (value == null) {
                        return null;
                    }
                    if (rs.getMetaData().getColumnType(1) == Types.TIMESTAMP_WITH_TIMEZONE
                            || "timestamptz".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(1))) {
                        return rs.getObject(1, OffsetDateTime.class).toString();
                    }
                    return switch (value) {
                        case Timestamp t -> t.toLocalDateTime().toString();
                        case java.sql.Date d -> d.toLocalDate().toString();
                        case BigDecimal b -> b.toPlainString();
                        default -> value.toString();
                    };
                }
            }
        } catch (SQLException e) {
            throw JdbcErrors.classify("the watermark query on connection '" + connectionName + "'", e, password);
        }
    }

    @Override
    public ExtractResult extract(ExtractRequest request, Path workDir) {
        Templates templates = Templates.of(request, context.configuration());
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < settings.parameters().size(); i++) {
            values.add(templates.fill(context.setting("parameters[" + i + "]"), settings.parameters().get(i)));
        }
        String connectionName = settings.connection().name();
        Secret password = settings.connection().password(context.secrets());
        Path output = workDir.resolve(ParquetResults.OUTPUT_FILE);
        try (DuckDbSession db = DuckDbSession.openFile(context.duckDb(), workDir.resolve("jdbc.duckdb"));
                Connection connection = settings.connection().open(password)) {
            long rows;
            List<JdbcColumn> columns;
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                try (PreparedStatement statement = connection.prepareStatement(settings.query(),
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setFetchSize(settings.fetchSize());
                    statement.setQueryTimeout((int) Math.max(1, settings.queryTimeout().toSeconds()));
                    bind(statement, values);
                    long started = System.nanoTime();
                    try (ResultSet rs = statement.executeQuery()) {
                        columns = JdbcColumn.of(rs.getMetaData());
                        rows = JdbcColumn.load(db, rs, columns, TABLE);
                    }
                    LOG.debug("Fetched {} rows from '{}' in {} ms", rows, connectionName,
                            (System.nanoTime() - started) / 1_000_000);
                }
                connection.rollback(); // read only: nothing to keep
            } catch (SQLException e) {
                throw JdbcErrors.classify("the query on connection '" + connectionName + "'", e, password);
            }
            if (rows == 0 && !settings.allowEmpty()) {
                throw new ClassifiedException(ErrorClass.EMPTY_INPUT, "the query on connection '" + connectionName + "' returned no rows for "
                        + request.partition() + " (set allowEmpty: true if that can be normal)");
            }
            db.copyToParquet(JdbcColumn.selectFinal(columns, TABLE), output);
            return ParquetResults.of(db, output, 0, List.of());
        } catch (SQLException e) {
            // Closing the connection failed.
            throw JdbcErrors.classify("closing connection '" + connectionName + "'", e, password);
        }
    }

    /** Binds each parameter with the type given or the type the driver reports for it. */
    private void bind(PreparedStatement statement, List<String> values) throws SQLException {
        ParameterMetaData metadata = null;
        for (int i = 0; i < values.size(); i++) {
            String type = settings.parameterType(i);
            if (type.equals("auto")) {
                if (metadata == null) {
                    try {
                        metadata = statement.getParameterMetaData();
                    } catch (SQLException e) {
                        metadata = null;
                    }
                }
                type = metadata == null ? "string" : fromMetadata(metadata, i + 1);
            }
            bind(statement, i, type, values.get(i));
        }
    }

    private static String fromMetadata(ParameterMetaData metadata, int index) {
        try {
            String name = metadata.getParameterTypeName(index);
            if (name != null && name.toLowerCase(Locale.ROOT).equals("timestamptz")) {
                return "timestamptz";
            }
            return switch (metadata.getParameterType(index)) {
                case Types.DATE -> "date";
                case Types.TIMESTAMP -> "timestamp";
                case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> "integer";
                case Types.NUMERIC, Types.DECIMAL -> "decimal";
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> "double";
                case Types.BOOLEAN, Types.BIT -> "boolean";
                default -> "string";
            };
        } catch (SQLException e) {
            return "string";
        }
    }

    private void bind(PreparedStatement statement, int i, String type, String value) throws SQLException {
        int index = i + 1;
        try {
            switch (type) {
                case "date" -> statement.setDate(index, java.sql.Date.valueOf(LocalDate.parse(value)));
                case "timestamp" -> statement.setTimestamp(index, Timestamp.valueOf(LocalDateTime.parse(value)));
                case "timestamptz" -> statement.setObject(index, parseOffsetDateTime(value), Types.TIMESTAMP_WITH_TIMEZONE);
                case "integer" -> statement.setLong(index, Long.parseLong(value.trim()));
                case "decimal" -> statement.setBigDecimal(index, new BigDecimal(value.trim()));
                case "double" -> statement.setDouble(index, Double.parseDouble(value.trim()));
                case "boolean" -> statement.setBoolean(index, parseBoolean(value));
                default -> statement.setString(index, value);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidSettingsException(context.setting("parameters[" + i + "]"), "'" + value
                    + "' is not a valid " + type + " (" + settings.parameters().get(i) + ")");
        }
    }

    private static OffsetDateTime parseOffsetDateTime(String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            // A date alone means its start, in UTC.
            return LocalDate.parse(value).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        }
    }

    private static boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes" -> true;
            case "false", "f", "0", "no" -> false;
            default -> throw new NumberFormatException(value);
        };
    }
}
