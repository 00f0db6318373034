package dev.sluice.dataplane.compare;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.WorkDirectories;
import dev.sluice.dataplane.compare.ComparisonReport.Aggregates;
import dev.sluice.dataplane.compare.ComparisonReport.ColumnStats;
import dev.sluice.dataplane.compare.ComparisonReport.RowDiff;
import dev.sluice.dataplane.compare.ComparisonReport.RowDifference;
import dev.sluice.dataplane.compare.ComparisonReport.SchemaDiff;
import dev.sluice.dataplane.jdbc.JdbcColumn;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.dataplane.jdbc.JdbcErrors;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.spec.settings.Lookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compares two datasets in DuckDB: schemas, row counts, per-column aggregates (nulls, min, max, sum, distinct) and a
 * row-level diff, keyed ({@code FULL OUTER JOIN} on the key) or unkeyed ({@code EXCEPT ALL} both ways), with a
 * sample of differing rows.
 *
 * <p>It works on more data than memory: S3 objects are downloaded to the work directory, a JDBC table is streamed
 * into an on-disk DuckDB database through the appender, and every query runs in a database opened with the given
 * {@link DuckDbResources} ({@code memory_limit}, {@code temp_directory}), so joins, {@code EXCEPT ALL} and
 * {@code count(DISTINCT)} spill to disk past the limit. Only the sample is held in memory.
 *
 * <p>Shared by {@code sluice compare} and by shadow runs. Failures: {@link InvalidSettingsException} naming the side
 * ({@code left}, {@code right}) or the option ({@code key}, {@code leftWhere}, ...) and the value; storage and JDBC
 * errors classified as elsewhere in the data plane.
 */
public final class DatasetComparer {

    private static final String LEFT = "left_data";
    private static final String RIGHT = "right_data";
    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE");
    private static final int JDBC_FETCH_SIZE = 10_000;

    private final DuckDbResources resources;
    private final Path workRoot;
    private final Supplier<S3Transfer> s3;
    private final Lookup configuration;
    private final SecretResolver secrets;

    /**
     * @param resources     DuckDB's memory limit, threads and spill directory
     * @param workRoot      where downloads and the database go (a fresh directory per comparison, deleted after)
     * @param s3            S3 access, asked for only when a side is in S3
     * @param configuration where named JDBC connections are configured
     * @param secrets       resolves a JDBC connection's password reference
     */
    public DatasetComparer(DuckDbResources resources, Path workRoot, Supplier<S3Transfer> s3, Lookup configuration,
            SecretResolver secrets) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Compares {@code left} with {@code right}. */
    public ComparisonReport compare(DatasetRef left, DatasetRef right, CompareOptions options) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(options, "options");
        Path work = WorkDirectories.create(workRoot, "compare-").toAbsolutePath();
        Path spill = resources.tempDirectory().resolve(work.getFileName().toString());
        try (DuckDbSession db = DuckDbSession.openFile(resources.withTempDirectory(spill), work.resolve("compare.duckdb"))) {
            load(db, left, "left", LEFT, options.leftWhere(), "leftWhere", work.resolve("left"));
            load(db, right, "right", RIGHT, options.rightWhere(), "rightWhere", work.resolve("right"));
            return compareViews(db, left.toString(), right.toString(), options);
        } finally {
            WorkDirectories.delete(work);
            WorkDirectories.delete(spill);
        }
    }

    private void load(DuckDbSession db, DatasetRef ref, String side, String view, String where, String whereField,
            Path directory) {
        String filter = where == null ? "" : " WHERE (" + where + ")";
        switch (ref) {
            case DatasetRef.Local local -> parquetView(db, view, localFiles(local.path(), side), filter, whereField);
            case DatasetRef.S3 s3ref -> {
                List<S3ObjectRef> objects = s3.get().resolve(s3ref.uri()).stream()
                        .filter(o -> !s3ref.uri().key().isEmpty() && !s3ref.uri().key().endsWith("/")
                                && !s3ref.uri().isGlob() || o.uri().key().endsWith(".parquet"))
                        .toList();
                if (objects.isEmpty()) {
                    throw new InvalidSettingsException(side, "no Parquet object at " + s3ref.uri()
                            + " (a prefix must end with '/')");
                }
                List<Path> files = s3.get().download(objects, directory).stream().map(S3Transfer.Downloaded::file)
                        .toList();
                parquetView(db, view, files, filter, whereField);
            }
            case DatasetRef.Jdbc jdbc -> jdbcView(db, view, jdbc, side, where, whereField);
        }
    }

    private static List<Path> localFiles(Path path, String side) {
        if (!Files.exists(path)) {
            throw new InvalidSettingsException(side, "no such file or directory: " + path);
        }
        if (Files.isRegularFile(path)) {
            return List.of(path.toAbsolutePath());
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".parquet"))
                    .map(Path::toAbsolutePath).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidSettingsException(side, "no .parquet file under " + path);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + path, e);
        }
    }

    private static void parquetView(DuckDbSession db, String view, List<Path> files, String filter, String whereField) {
        String list = files.stream().map(p -> DuckDbSession.literal(p.toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        try {
            db.execute("CREATE VIEW " + view + " AS SELECT * FROM read_parquet(" + list
                    + ", hive_partitioning = false, union_by_name = true)" + filter);
            db.describe(view); // binds the filter now, so that a bad one is reported as such
        } catch (QueryFailedException e) {
            throw filter.isEmpty() ? e : new InvalidSettingsException(whereField, "'" + filter.substring(8,
                    filter.length() - 1) + "' does not apply: " + e.getMessage());
        }
    }

    private void jdbcView(DuckDbSession db, String view, DatasetRef.Jdbc ref, String side, String where,
            String whereField) {
        JdbcConnectionSettings connection = JdbcConnectionSettings.fromConfiguration(ref.connection(), configuration,
                side);
        Secret password = connection.password(secrets);
        String sql = "SELECT * FROM " + ref.table() + (where == null ? "" : " WHERE (" + where + ")");
        String staging = view + "_jdbc";
        List<JdbcColumn> columns;
        try (Connection c = connection.open(password)) {
            c.setAutoCommit(false); // Postgres streams a forward-only cursor only outside autocommit
            try {
                c.setReadOnly(true);
            } catch (SQLException e) {
                // a hint some drivers do not take (DuckDB's); the comparison only reads
            }
            try (PreparedStatement statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(JDBC_FETCH_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    columns = JdbcColumn.of(rs.getMetaData());
                    JdbcColumn.load(db, rs, columns, staging);
                }
            } catch (SQLException e) {
                throw JdbcErrors.classify("reading " + ref.table() + " over connection '" + ref.connection() + "'"
                        + (where == null ? "" : " where " + where + " (" + whereField + ")"), e, password);
            } finally {
                try {
                    c.rollback(); // read only: nothing to keep
                } catch (SQLException ignored) {
                    // the connection closes next
                }
            }
        } catch (SQLException e) {
            throw JdbcErrors.classify("closing connection '" + ref.connection() + "'", e, password);
        }
        db.execute("CREATE VIEW " + view + " AS " + JdbcColumn.selectFinal(columns, staging));
    }

    private ComparisonReport compareViews(DuckDbSession db, String leftName, String rightName, CompareOptions options) {
        Map<String, String> leftTypes = types(db.describe(LEFT));
        Map<String, String> rightTypes = types(db.describe(RIGHT));
        for (String k : options.key()) {
            for (var side : List.of(Map.entry("left", leftTypes), Map.entry("right", rightTypes))) {
                if (!side.getValue().containsKey(k)) {
                    throw new InvalidSettingsException("key", "column '" + k + "' is not in " + side.getKey()
                            + " (its columns: " + String.join(", ", side.getValue().keySet()) + ")");
                }
            }
        }
        List<SchemaDiff> schema = new ArrayList<>();
        List<String> common = new ArrayList<>();
        leftTypes.forEach((c, t) -> {
            String other = rightTypes.get(c);
            if (other == null) {
                schema.add(new SchemaDiff(c, t, null));
            } else {
                common.add(c);
                if (!other.equals(t)) {
                    schema.add(new SchemaDiff(c, t, other));
                }
            }
        });
        rightTypes.forEach((c, t) -> {
            if (!leftTypes.containsKey(c)) {
                schema.add(new SchemaDiff(c, null, t));
            }
        });

        long leftRows = db.count(LEFT);
        long rightRows = db.count(RIGHT);
        Map<String, Aggregates> leftAgg = aggregates(db, LEFT, common, leftTypes);
        Map<String, Aggregates> rightAgg = aggregates(db, RIGHT, common, rightTypes);
        List<ColumnStats> stats = new ArrayList<>();
        for (String c : common) {
            stats.add(new ColumnStats(c, leftAgg.get(c), rightAgg.get(c),
                    differing(leftAgg.get(c), rightAgg.get(c), isFloating(leftTypes.get(c)) || isFloating(rightTypes.get(c)))));
        }
        List<String> values = common.stream().filter(c -> !options.key().contains(c)).toList();
        RowDiff rows = options.key().isEmpty()
                ? unkeyed(db, common, options.sampleSize())
                : keyed(db, options.key(), values, leftTypes, rightTypes, options.sampleSize());
        return new ComparisonReport(leftName, rightName, options.key(), schema, leftRows, rightRows, stats, rows);
    }

    private static Map<String, String> types(DatasetSchema schema) {
        Map<String, String> types = new LinkedHashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    private static Map<String, Aggregates> aggregates(DuckDbSession db, String view, List<String> columns,
            Map<String, String> types) {
        Map<String, Aggregates> result = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            return result;
        }
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            String col = DuckDbSession.identifier(c);
            String type = types.get(c);
            boolean nested = isNested(type);
            select.add("count(*) - count(" + col + ")");
            select.add(nested ? "NULL" : "CAST(min(" + col + ") AS VARCHAR)");
            select.add(nested ? "NULL" : "CAST(max(" + col + ") AS VARCHAR)");
            select.add(isSummable(type) ? "CAST(sum(" + col + ") AS VARCHAR)" : "NULL");
            select.add("count(DISTINCT " + col + ")");
        }
        db.query("SELECT " + String.join(", ", select) + " FROM " + view, rs -> {
            int i = 1;
            for (String c : columns) {
                result.put(c, new Aggregates(rs.getLong(i), rs.getString(i + 1), rs.getString(i + 2),
                        rs.getString(i + 3), rs.getLong(i + 4)));
                i += 5;
            }
        });
        return result;
    }

    private static List<String> differing(Aggregates l, Aggregates r, boolean floating) {
        List<String> differ = new ArrayList<>();
        if (l.nulls() != r.nulls()) {
            differ.add("nulls");
        }
        if (!Objects.equals(l.min(), r.min())) {
            differ.add("min");
        }
        if (!Objects.equals(l.max(), r.max())) {
            differ.add("max");
        }
        if (!Objects.equals(l.sum(), r.sum()) && !(floating && close(l.sum(), r.sum()))) {
            differ.add("sum");
        }
        if (l.distinct() != r.distinct()) {
            differ.add("distinct");
        }
        return differ;
    }

    private static boolean close(String a, String b) {
        try {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(b);
            return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    private static RowDiff keyed(DuckDbSession db, List<String> key, List<String> values, Map<String, String> leftTypes,
            Map<String, String> rightTypes, int sampleSize) {
        String join = key.stream().map(k -> "l." + DuckDbSession.identifier(k) + " IS NOT DISTINCT FROM r."
                + DuckDbSession.identifier(k)).collect(Collectors.joining(" AND "));
        List<String> differs = values.stream().map(v -> differs(v, leftTypes.get(v), rightTypes.get(v))).toList();
        String anyDiffers = differs.isEmpty() ? "false" : "(" + String.join(" OR ", differs) + ")";
        String joined = "(SELECT *, true AS __sluice_present FROM " + LEFT + ") l FULL OUTER JOIN (SELECT *, true AS"
                + " __sluice_present FROM " + RIGHT + ") r ON " + join;
        String status = "CASE WHEN r.__sluice_present IS NULL THEN 'only_left' WHEN l.__sluice_present IS NULL"
                + " THEN 'only_right' WHEN " + anyDiffers + " THEN 'changed' END";

        List<String> counts = new ArrayList<>(List.of(
                "count(*) FILTER (WHERE r.__sluice_present IS NULL)",
                "count(*) FILTER (WHERE l.__sluice_present IS NULL)",
                "count(*) FILTER (WHERE l.__sluice_present AND r.__sluice_present AND " + anyDiffers + ")"));
        for (String d : differs) {
            counts.add("count(*) FILTER (WHERE l.__sluice_present AND r.__sluice_present AND " + d + ")");
        }
        long[] totals = new long[counts.size()];
        db.query("SELECT " + String.join(", ", counts) + " FROM " + joined, rs -> {
            for (int i = 0; i < totals.length; i++) {
                totals[i] = rs.getLong(i + 1);
            }
        });
        Map<String, Long> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            byColumn.put(values.get(i), totals[3 + i]);
        }

        List<RowDifference> sample = new ArrayList<>();
        if (sampleSize > 0 && (totals[0] + totals[1] + totals[2]) > 0) {
            List<String> select = new ArrayList<>();
            select.add(status);
            for (String k : key) {
                String col = DuckDbSession.identifier(k);
                select.add("CAST(COALESCE(l." + col + ", r." + col + ") AS VARCHAR)");
            }
            for (String v : values) {
                select.add("CAST(l." + DuckDbSession.identifier(v) + " AS VARCHAR)");
            }
            for (String v : values) {
                select.add("CAST(r." + DuckDbSession.identifier(v) + " AS VARCHAR)");
            }
            for (String d : differs) {
                select.add(d);
            }
            List<String> aliased = new ArrayList<>();
            for (int i = 0; i < select.size(); i++) {
                aliased.add(select.get(i) + " AS c" + i);
            }
            List<String> order = new ArrayList<>();
            for (int i = 0; i <= key.size(); i++) {
                order.add("c" + i);
            }
            db.query("SELECT * FROM (SELECT " + String.join(", ", aliased) + " FROM " + joined + ") WHERE c0 IS NOT NULL"
                    + " ORDER BY " + String.join(", ", order) + " LIMIT " + sampleSize, rs -> {
                String kind = rs.getString(1);
                Map<String, String> keyValues = new LinkedHashMap<>();
                for (int i = 0; i < key.size(); i++) {
                    keyValues.put(key.get(i), rs.getString(2 + i));
                }
                int base = 2 + key.size();
                Map<String, String> l = new LinkedHashMap<>(keyValues);
                Map<String, String> r = new LinkedHashMap<>(keyValues);
                List<String> changed = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    l.put(values.get(i), rs.getString(base + i));
                    r.put(values.get(i), rs.getString(base + values.size() + i));
                    if (rs.getBoolean(base + 2 * values.size() + i)) {
                        changed.add(values.get(i));
                    }
                }
                sample.add(new RowDifference(kind, keyValues, kind.equals("only_right") ? null : l,
                        kind.equals("only_left") ? null : r, kind.equals("changed") ? changed : List.of()));
            });
        }
        String keyList = key.stream().map(DuckDbSession::identifier).collect(Collectors.joining(", "));
        long dupLeft = db.count("SELECT " + keyList + " FROM " + LEFT + " GROUP BY ALL HAVING count(*) > 1");
        long dupRight = db.count("SELECT " + keyList + " FROM " + RIGHT + " GROUP BY ALL HAVING count(*) > 1");
        return new RowDiff(totals[0], totals[1], totals[2], byColumn, dupLeft, dupRight, sample);
    }

    /** Whether column {@code c} differs between {@code l} and {@code r}, comparing across types when they differ. */
    private static String differs(String c, String leftType, String rightType) {
        String col = DuckDbSession.identifier(c);
        if (leftType.equals(rightType)) {
            return "(l." + col + " IS DISTINCT FROM r." + col + ")";
        }
        String as = isNumeric(leftType) && isNumeric(rightType) ? "DOUBLE" : "VARCHAR";
        return "(CAST(l." + col + " AS " + as + ") IS DISTINCT FROM CAST(r." + col + " AS " + as + "))";
    }

    private static RowDiff unkeyed(DuckDbSession db, List<String> common, int sampleSize) {
        if (common.isEmpty()) {
            return new RowDiff(db.count(LEFT), db.count(RIGHT), 0, Map.of(), 0, 0, List.of());
        }
        String columns = common.stream().map(DuckDbSession::identifier).collect(Collectors.joining(", "));
        String onlyLeft = "SELECT " + columns + " FROM " + LEFT + " EXCEPT ALL SELECT " + columns + " FROM " + RIGHT;
        String onlyRight = "SELECT " + columns + " FROM " + RIGHT + " EXCEPT ALL SELECT " + columns + " FROM " + LEFT;
        long left = db.count(onlyLeft);
        long right = db.count(onlyRight);
        List<RowDifference> sample = new ArrayList<>();
        for (var side : List.of(Map.entry("only_left", onlyLeft), Map.entry("only_right", onlyRight))) {
            int room = sampleSize - sample.size();
            if (room <= 0 || (side.getKey().equals("only_left") ? left : right) == 0) {
                continue;
            }
            String casts = common.stream().map(c -> "CAST(" + DuckDbSession.identifier(c) + " AS VARCHAR)")
                    .collect(Collectors.joining(", "));
            db.query("SELECT " + casts + " FROM (" + side.getValue() + ") ORDER BY ALL LIMIT " + room, rs -> {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < common.size(); i++) {
                    row.put(common.get(i), rs.getString(i + 1));
                }
                boolean isLeft = side.getKey().equals("only_left");
                sample.add(new RowDifference(side.getKey(), Map.of(), isLeft ? row : null, isLeft ? null : row,
                        List.of()));
            });
        }
        return new RowDiff(left, right, 0, Map.of(), 0, 0, sample);
    }

    private static String base(String type) {
        int paren = type.indexOf('(');
        return (paren < 0 ? type : type.substring(0, paren)).strip().toUpperCase(Locale.ROOT);
    }

    private static boolean isNumeric(String type) {
        String b = base(type);
        return NUMERIC.contains(b) || b.equals("DECIMAL");
    }

    private static boolean isSummable(String type) {
        return isNumeric(type);
    }

    private static boolean isFloating(String type) {
        String b = base(type);
        return b.equals("FLOAT") || b.equals("DOUBLE");
    }

    private static boolean isNested(String type) {
        String t = type.strip().toUpperCase(Locale.ROOT);
        return t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION") || t.endsWith("]");
    }
}
