package dev.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.compare.CompareOptions;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.DatasetComparer;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformRequest;
import dev.sluice.transformer.TransformResult;
import dev.sluice.transformer.TransformSettings;
import dev.sluice.transformer.xl.XlTransform;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same job over the same inputs in the transformer (DuckDB) and in the Spark driver (local mode): compare finds
 * the outputs equal; a planted difference is reported with its row. One SparkSession for the class, local[1].
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkDuckDbParityTest {

    static final String SQL = """
            select o.customer, count(*) as orders, cast(sum(o.amount) as decimal(18,2)) as amount,
                   max(o.order_id) as last_order, min(o.status) as first_status
            from orders o join customers c on o.customer = c.customer
            where o.date = (select date from sluice_params) and c.active
            group by o.customer
            """;

    @TempDir
    Path dir;

    SparkSession spark;

    @BeforeAll
    void startSpark() {
        spark = SparkTransformDriver.local(SparkSession.builder().master("local[1]").appName("parity"))
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    DuckDbResources resources() {
        return DuckDbResources.fromEnvironment().withMemoryLimit(256L << 20).withThreads(1)
                .withTempDirectory(dir.resolve("spill"));
    }

    Path parquet(String name, String select) {
        Path file = dir.resolve("inputs").resolve(name);
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            db.copyToParquet(select, file);
        }
        return file;
    }

    TransformRequest request(String engine, Path orders, Path customers) {
        return TransformRequest.builder()
                .job("customer_totals")
                .partition(Partition.of("date", "2026-11-20"))
                .runId("run-" + engine)
                .output(new OutputSpec("customer_totals", "sql/customer_totals.sql", List.of(
                        new QualityCheckSpec(QualityCheckSpec.Type.NOT_NULL, null, null, null, null,
                                List.of("customer"), null, null, null),
                        new QualityCheckSpec(QualityCheckSpec.Type.UNIQUE, null, null, null, null,
                                List.of("customer"), null, null, null),
                        new QualityCheckSpec(QualityCheckSpec.Type.ROW_COUNT, null, null, 1L, null, null, null,
                                null, null)), List.of()))
                .sql(SQL, "sql/customer_totals.sql")
                .input("orders", List.of(orders.toUri()))
                .input("customers", List.of(customers.toUri()))
                .stagingPrefix(URI.create(dir.resolve("staging").resolve(engine).toUri() + "/"))
                .resources(resources())
                .partitioning(List.of(new Dimension("date", DimensionType.DATE, null)))
                .build();
    }

    Path orders(String amountOfOrder3) {
        return parquet("orders-" + amountOfOrder3 + ".parquet", """
                SELECT * FROM (VALUES
                  (1::BIGINT, 'ann', 10.50::DECIMAL(10,2), DATE '2026-11-20', 'open'),
                  (2::BIGINT, 'ann', 4.25::DECIMAL(10,2), DATE '2026-11-20', 'shipped'),
                  (3::BIGINT, 'bob', %s::DECIMAL(10,2), DATE '2026-11-20', 'open'),
                  (4::BIGINT, 'cid', 7.00::DECIMAL(10,2), DATE '2026-11-20', 'open'),
                  (5::BIGINT, 'bob', 1.00::DECIMAL(10,2), DATE '2026-11-19', 'open'))
                  t(order_id, customer, amount, date, status)""".formatted(amountOfOrder3));
    }

    Path customers() {
        return parquet("customers.parquet", "SELECT * FROM (VALUES ('ann', true), ('bob', true), ('cid', false))"
                + " t(customer, active)");
    }

    DatasetComparer comparer() {
        return new DatasetComparer(resources(), dir.resolve("compare"), () -> {
            throw new AssertionError("no S3");
        }, Lookup.of(Map.of()), (s, r) -> {
            throw new AssertionError("no secrets");
        });
    }

    SparkJobResult runOnSpark(TransformRequest request) {
        SparkJobRequest spark = XlTransform.toSpark(request);
        // Spark reads local files by file: URIs, as it reads s3:// on EMR.
        return new SparkTransform(this.spark).run(spark);
    }

    @Test
    void theSameJobOnDuckDbAndOnSparkGivesEqualOutputs() {
        Path orders = orders("99.99");
        Path customers = customers();
        TransformResult duck = TransformEngine.local(TransformSettings.defaults()).run(request("duckdb", orders, customers));

        SparkJobResult onSpark = runOnSpark(request("spark", orders, customers));

        assertThat(onSpark.succeeded()).as(onSpark.message()).isTrue();
        assertThat(onSpark.rows()).isEqualTo(duck.rowCount()).isEqualTo(2);
        assertThat(onSpark.checks()).extracting(SparkJobResult.Check::passed).containsExactly(true, true, true);
        assertThat(onSpark.columns()).isEqualTo(Map.of("customer", "VARCHAR", "orders", "BIGINT",
                "amount", "DECIMAL(18,2)", "last_order", "BIGINT", "first_status", "VARCHAR"));
        ComparisonReport report = comparer().compare(new DatasetRef.Local(Path.of(duck.files().getFirst())),
                new DatasetRef.Local(dir.resolve("staging").resolve("spark")), CompareOptions.keyed(List.of("customer")));
        assertThat(report.equal()).as(report.toText()).isTrue();
    }

    @Test
    void aPlantedDifferenceIsReportedWithItsRow() {
        Path customers = customers();
        TransformResult duck = TransformEngine.local(TransformSettings.defaults())
                .run(request("duckdb", orders("99.99"), customers));
        SparkJobResult onSpark = runOnSpark(request("spark", orders("100.00"), customers));
        assertThat(onSpark.succeeded()).as(onSpark.message()).isTrue();

        ComparisonReport report = comparer().compare(new DatasetRef.Local(Path.of(duck.files().getFirst())),
                new DatasetRef.Local(dir.resolve("staging").resolve("spark")), CompareOptions.keyed(List.of("customer")));

        assertThat(report.equal()).isFalse();
        assertThat(report.rows().changed()).isEqualTo(1);
        ComparisonReport.RowDifference row = report.rows().sample().getFirst();
        assertThat(row.key()).isEqualTo(Map.of("customer", "bob"));
        assertThat(row.changedColumns()).containsExactly("amount");
        assertThat(row.left()).containsEntry("amount", "99.99");
        assertThat(row.right()).containsEntry("amount", "100.00");
    }

    @Test
    void aFailedCheckAndBadSqlFailTheSparkJobWithTheTransformersErrorClasses() {
        Path orders = orders("99.99");
        Path customers = customers();
        SparkJobRequest base = XlTransform.toSpark(request("spark", orders, customers));
        SparkJobRequest tooFew = new SparkJobRequest(base.job(), base.dataset(), base.runId(), base.generation(),
                base.params(), base.inputs(), base.emptyInputs(), base.sql(), base.sqlFile(), base.stagingPrefix(),
                base.resultLocation(), List.of(new QualityCheckSpec(QualityCheckSpec.Type.ROW_COUNT, null, null, 5L,
                null, null, null, null, null)), base.contract());
        SparkJobResult failed = new SparkTransform(spark).run(tooFew);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.errorClass()).isEqualTo("QualityCheckFailed");
        assertThat(failed.message()).contains("row_count (2 rows, expected at least 5)");
        assertThat(dir.resolve("staging").resolve("spark")).doesNotExist();

        SparkJobRequest badSql = new SparkJobRequest(base.job(), base.dataset(), base.runId(), base.generation(),
                base.params(), base.inputs(), base.emptyInputs(), "select nope from orders", base.sqlFile(),
                base.stagingPrefix(), base.resultLocation(), List.of(), base.contract());
        SparkJobResult bad = new SparkTransform(spark).run(badSql);
        assertThat(bad.errorClass()).isEqualTo("SqlError");
        assertThat(bad.message()).contains("sql/customer_totals.sql", "nope");
    }
}
