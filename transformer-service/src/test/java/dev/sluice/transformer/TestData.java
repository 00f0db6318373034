package dev.sluice.transformer;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test data: Parquet files written by DuckDB, SQL fixtures, and staged output read back as JSON rows. */
final class TestData {

    static final long MIB = 1024L * 1024;

    /** The orders of 2026-11-20 (and one of 2026-11-19), as the extract stage stages them. */
    static final String ORDERS = """
            select * from (values
                (date '2026-11-19', 100::bigint, 1::bigint, 'shipped', 50.00::decimal(10,2)),
                (date '2026-11-20', 101, 1, 'shipped', 10.00),
                (date '2026-11-20', 102, 1, 'open', 20.50),
                (date '2026-11-20', 103, 2, 'shipped', 100.00),
                (date '2026-11-20', 104, 3, 'cancelled', 5.00),
                (date '2026-11-20', 105, 3, 'shipped', 7.25),
                (date '2026-11-20', 106, 4, 'shipped', 999.00)
            ) t(date, order_id, customer_id, status, amount)""";

    static final String CUSTOMERS = """
            select * from (values
                (1::bigint, 'Ann', 'DE', 'consumer'),
                (2, 'Bob', 'DE', 'business'),
                (3, 'Cem', 'FR', 'consumer'),
                (4, 'Dee', 'FR', 'enterprise'),
                (5, 'Eve', 'US', 'consumer')
            ) t(customer_id, name, country, segment)""";

    static final String SHIPMENTS = """
            select * from (values (101::bigint, 'dhl'), (103, 'ups'), (105, 'dhl')) t(order_id, carrier)""";

    static final String BLOCKLIST = "select 4::bigint as customer_id";

    private TestData() {}

    /** Small DuckDB resources spilling under {@code temp}. */
    static DuckDbResources resources(Path temp, long memoryMiB) {
        return new DuckDbResources(memoryMiB * MIB, 2, temp, DuckDbResources.Runtime.HOST, 1024 * MIB);
    }

    /** Writes the rows of {@code select} to a Parquet file (zstd). */
    static Path parquet(Path file, String select) {
        try (DuckDbSession db = DuckDbSession.open(resources(file.getParent().resolve("duckdb-tmp"), 256))) {
            db.copyToParquet(select, file);
        }
        return file;
    }

    /** The rows of a Parquet file in file order, each as DuckDB's JSON text of the row. */
    static List<String> rows(Path parquet) {
        List<String> rows = new ArrayList<>();
        try (DuckDbSession db = DuckDbSession.open(resources(parquet.getParent().resolve("duckdb-tmp"), 256), null,
                true)) {
            db.query("SELECT CAST(to_json(t) AS VARCHAR) FROM read_parquet(?) t", rs -> rows.add(rs.getString(1)),
                    parquet.toString());
        }
        return rows;
    }

    /** A SQL fixture from {@code src/test/resources/sql/}. */
    static String sql(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture sql/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutputSpec output(String dataset, String sqlFile, QualityCheckSpec... checks) {
        return new OutputSpec(dataset, sqlFile, List.of(checks), List.of());
    }

    static QualityCheckSpec rowCount(Long min, Long max, QualityCheckSpec.Severity severity) {
        return new QualityCheckSpec(QualityCheckSpec.Type.ROW_COUNT, null, severity, min, max, null, null, null, null);
    }

    static QualityCheckSpec notNull(QualityCheckSpec.Severity severity, String... columns) {
        return new QualityCheckSpec(QualityCheckSpec.Type.NOT_NULL, null, severity, null, null, List.of(columns), null,
                null, null);
    }

    static QualityCheckSpec unique(QualityCheckSpec.Severity severity, String... columns) {
        return new QualityCheckSpec(QualityCheckSpec.Type.UNIQUE, null, severity, null, null, List.of(columns), null,
                null, null);
    }

    static QualityCheckSpec acceptedValues(QualityCheckSpec.Severity severity, String column, String... values) {
        return new QualityCheckSpec(QualityCheckSpec.Type.ACCEPTED_VALUES, null, severity, null, null, null, column,
                List.of(values), null);
    }

    static QualityCheckSpec sqlCheck(String name, QualityCheckSpec.Severity severity, String sql) {
        return new QualityCheckSpec(QualityCheckSpec.Type.SQL, name, severity, null, null, null, null, null, sql);
    }
}
