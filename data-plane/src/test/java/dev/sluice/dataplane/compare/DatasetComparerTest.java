package dev.sluice.dataplane.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.compare.ComparisonReport.RowDifference;
import dev.sluice.spec.settings.Lookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetComparerTest {

    static final String ORDERS = "SELECT * FROM (VALUES (1, 'a', 10.50::DECIMAL(10,2)), (2, 'b', 20.00::DECIMAL(10,2)),"
            + " (3, 'c', NULL::DECIMAL(10,2))) t(order_id, customer, amount)";

    @TempDir
    Path dir;

    private DuckDbResources resources() {
        return DuckDbResources.fromEnvironment().withMemoryLimit(128L * 1024 * 1024).withThreads(1)
                .withTempDirectory(dir.resolve("spill"));
    }

    private DatasetComparer comparer(Map<String, String> configuration) {
        return new DatasetComparer(resources(), dir.resolve("work"), () -> {
            throw new AssertionError("no S3 here");
        }, Lookup.of(configuration), (setting, reference) -> {
            throw new AssertionError("no secret here");
        });
    }

    private Path parquet(String name, String select) {
        Path file = dir.resolve(name);
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            db.copyToParquet(select, file);
        }
        return file;
    }

    private ComparisonReport compare(Path left, Path right, List<String> key) {
        return comparer(Map.of()).compare(new DatasetRef.Local(left), new DatasetRef.Local(right),
                CompareOptions.keyed(key));
    }

    @Test
    void equalDatasetsAreEqual() {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", ORDERS + " ORDER BY order_id DESC");

        ComparisonReport report = compare(left, right, List.of("order_id"));

        assertThat(report.equal()).as(report.toText()).isTrue();
        assertThat(report.leftRows()).isEqualTo(3);
        assertThat(report.rows().sample()).isEmpty();
        assertThat(report.columns()).allSatisfy(c -> assertThat(c.differing()).isEmpty());
        assertThat(report.columns().stream().filter(c -> c.column().equals("amount")).findFirst().orElseThrow().left())
                .isEqualTo(new ComparisonReport.Aggregates(1, "10.50", "20.00", "30.50", 2));
        assertThat(report.toText()).contains("result: EQUAL");
        assertThat(compare(left, right, List.of()).equal()).isTrue();
    }

    @Test
    void aPlantedDifferingRowIsReportedWithItsKeyAndValues() {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", "SELECT order_id, customer, CASE WHEN order_id = 2 THEN 21.00 ELSE"
                + " amount END::DECIMAL(10,2) AS amount FROM (" + ORDERS + ") UNION ALL SELECT 4, 'd', 1.00");

        ComparisonReport report = compare(left, right, List.of("order_id"));

        assertThat(report.equal()).isFalse();
        assertThat(report.rows().changed()).isEqualTo(1);
        assertThat(report.rows().onlyRight()).isEqualTo(1);
        assertThat(report.rows().onlyLeft()).isZero();
        assertThat(report.rows().changedByColumn()).containsEntry("amount", 1L).containsEntry("customer", 0L);
        RowDifference changed = report.rows().sample().stream().filter(r -> r.kind().equals("changed")).findFirst()
                .orElseThrow();
        assertThat(changed.key()).isEqualTo(Map.of("order_id", "2"));
        assertThat(changed.changedColumns()).containsExactly("amount");
        assertThat(changed.left()).containsEntry("amount", "20.00");
        assertThat(changed.right()).containsEntry("amount", "21.00");
        RowDifference added = report.rows().sample().stream().filter(r -> r.kind().equals("only_right")).findFirst()
                .orElseThrow();
        assertThat(added.key()).isEqualTo(Map.of("order_id", "4"));
        assertThat(added.right()).containsEntry("customer", "d");
        assertThat(report.toText()).contains("result: DIFFERENT", "changed {order_id=2}", "amount: 20.00 -> 21.00",
                "only right {order_id=4}");
        assertThat(report.toJson()).contains("\"equal\" : false", "\"changedColumns\" : [ \"amount\" ]");
        assertThat(report.summary()).isEqualTo("different: rows 3 vs 4, 1 only in right by key, 1 changed");

        ComparisonReport unkeyed = compare(left, right, List.of());
        assertThat(unkeyed.equal()).isFalse();
        assertThat(unkeyed.rows().onlyLeft()).isEqualTo(1);
        assertThat(unkeyed.rows().onlyRight()).isEqualTo(2);
        assertThat(unkeyed.rows().sample()).extracting(RowDifference::kind)
                .containsExactly("only_left", "only_right", "only_right");
    }

    @Test
    void aSchemaDifferenceIsReported() {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", "SELECT order_id, customer, amount::DOUBLE AS amount, 'x' AS extra FROM ("
                + ORDERS + ")");

        ComparisonReport report = compare(left, right, List.of("order_id"));

        assertThat(report.equal()).isFalse();
        assertThat(report.schema()).containsExactly(
                new ComparisonReport.SchemaDiff("amount", "DECIMAL(10,2)", "DOUBLE"),
                new ComparisonReport.SchemaDiff("extra", null, "VARCHAR"));
        // The values compare across the types: 10.50 and 10.5 are the same number.
        assertThat(report.rows().none()).isTrue();
        assertThat(report.toText()).contains("column amount: DECIMAL(10,2) in left, DOUBLE in right",
                "column extra only in right (VARCHAR)");
    }

    @Test
    void aMissingPathIsRefusedNamingTheSideAndThePath() {
        Path right = parquet("right.parquet", ORDERS);
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> compare(missing, right, List.of("order_id")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("left: no such file or directory: " + missing);
        assertThat(workLeftovers()).isEmpty();
    }

    @Test
    void anUnknownKeyColumnIsRefusedNamingTheKeyAndTheColumns() {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", ORDERS);
        assertThatThrownBy(() -> compare(left, right, List.of("order_id", "orderid")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("key: column 'orderid' is not in left (its columns: order_id, customer, amount)");
        assertThat(workLeftovers()).isEmpty();
    }

    @Test
    void badDatasetTextIsRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> DatasetRef.parse("jdbc:legacy", "right"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("right: 'jdbc:legacy' is not jdbc:<connection>/<table>");
        assertThatThrownBy(() -> DatasetRef.parse("jdbc:legacy/orders; DROP TABLE x", "right"))
                .hasMessageStartingWith("right: 'jdbc:legacy/orders; DROP TABLE x' is not jdbc:<connection>/<table>");
        assertThatThrownBy(() -> DatasetRef.parse("gs://bucket/x", "left"))
                .hasMessageStartingWith("left: 'gs://bucket/x': unsupported scheme");
        assertThat(DatasetRef.parse("s3://b/p/", "left")).isEqualTo(new DatasetRef.S3(dev.sluice.dataplane.S3Uri.parse("s3://b/p/")));
        assertThatThrownBy(() -> new CompareOptions(List.of("id", "id"), 10, null, null))
                .hasMessage("key: a key column is named twice in [id, id]");
    }

    @Test
    void aJdbcTableOverANamedConnectionComparesWithParquet() throws Exception {
        Path db = dir.resolve("legacy.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA analytics");
            s.execute("CREATE TABLE analytics.orders AS " + ORDERS + " UNION ALL SELECT 9, 'z', 9.00");
        }
        Path parquet = parquet("orders.parquet", ORDERS);
        Map<String, String> configuration = Map.of("SLUICE_JDBC_LEGACY_URL", "jdbc:duckdb:" + db);

        ComparisonReport report = comparer(configuration).compare(new DatasetRef.Local(parquet),
                DatasetRef.parse("jdbc:legacy/analytics.orders", "right"),
                new CompareOptions(List.of("order_id"), 10, null, "order_id < 9"));
        assertThat(report.equal()).as(report.toText()).isTrue();

        ComparisonReport unfiltered = comparer(configuration).compare(new DatasetRef.Local(parquet),
                DatasetRef.parse("jdbc:legacy/analytics.orders", "right"), CompareOptions.keyed(List.of("order_id")));
        assertThat(unfiltered.rows().onlyRight()).isEqualTo(1);
        assertThat(unfiltered.rows().sample().getFirst().right()).containsEntry("customer", "z");

        assertThatThrownBy(() -> comparer(Map.of()).compare(new DatasetRef.Local(parquet),
                DatasetRef.parse("jdbc:legacy/analytics.orders", "right"), CompareOptions.keyed(List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("right: connection 'legacy' is not configured: set SLUICE_JDBC_LEGACY_URL");
    }

    private List<Path> workLeftovers() {
        Path work = dir.resolve("work");
        if (!Files.exists(work)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
