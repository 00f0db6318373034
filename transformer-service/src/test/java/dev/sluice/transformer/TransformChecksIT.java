package dev.sluice.transformer;

import static dev.sluice.spec.model.QualityCheckSpec.Severity.ERROR;
import static dev.sluice.spec.model.QualityCheckSpec.Severity.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.contracts.Partition;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.contracts.SchemaDifference.Change;
import dev.sluice.dataplane.SchemaDriftException;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.model.SchemaContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stands between the SQL and staging: the five data-quality checks (pass, fail, warn), the output's schema
 * contract, and the SQL's own errors reported by file and line. A failure stages nothing.
 */
@AwsIntegrationTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransformChecksIT {

    private static final Partition DAY = Partition.of("date", "2026-11-20");

    /** Six rows that fail every check below once each way. */
    private static final String BAD_ORDERS = """
            select * from (values
                (1::bigint, 1::bigint, 'shipped', 10.00::decimal(10,2)),
                (1, 2, 'shipped', 20.00),
                (2, null, 'lost', 5.00),
                (3, 3, 'open', -4.00),
                (3, 4, 'open', 1.00),
                (null, 5, null, 2.00)
            ) t(order_id, customer_id, status, amount)""";

    private static final String SELECT_ORDERS = "select order_id, customer_id, status, amount from orders";

    @TempDir
    Path dir;

    private final AwsClients aws;

    TransformChecksIT(AwsClients aws) {
        this.aws = aws;
    }

    private static List<QualityCheckSpec> everyCheck(QualityCheckSpec.Severity severity) {
        return List.of(
                TestData.rowCount(7L, 10L, severity),
                TestData.notNull(severity, "order_id", "customer_id"),
                TestData.unique(severity, "order_id"),
                TestData.acceptedValues(severity, "status", "open", "shipped", "cancelled"),
                TestData.sqlCheck("no_negative_amounts", severity, "select * from output where amount < 0"));
    }

    private TransformResult run(S3Fixture s3, URI orders, String sql, String sqlFile, List<QualityCheckSpec> checks,
            SchemaContract contract, URI prefix) {
        return s3.engine.run(TransformRequest.builder()
                .job("checked")
                .partition(DAY)
                .runId("r-" + UUID.randomUUID())
                .output(new OutputSpec("checked_orders", sqlFile, checks, List.of()))
                .sql(sql, sqlFile)
                .outputContract(contract)
                .input("orders", List.of(orders))
                .stagingPrefix(prefix)
                .resources(TestData.resources(dir.resolve("spill"), 256))
                .build());
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void everyCheckPassesOnGoodData() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/orders.parquet", TestData.ORDERS);
        TransformResult result = run(s3, orders, SELECT_ORDERS, "sql/checked.sql", everyCheck(ERROR), null,
                s3.transformPrefix("checked", DAY, "r1"));

        assertThat(result.checks()).extracting(CheckOutcome::name, CheckOutcome::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("row_count", true),
                org.assertj.core.groups.Tuple.tuple("not_null(order_id,customer_id)", true),
                org.assertj.core.groups.Tuple.tuple("unique(order_id)", true),
                org.assertj.core.groups.Tuple.tuple("accepted_values(status)", true),
                org.assertj.core.groups.Tuple.tuple("no_negative_amounts", true));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.rowCount()).isEqualTo(7);
    }

    @Test
    void everyCheckFailsWithItsCountAndSampleAndNothingIsStaged() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/bad.parquet", BAD_ORDERS);
        URI prefix = s3.transformPrefix("checked", DAY, "r2");

        QualityCheckFailedException e = catchThrowableOfType(QualityCheckFailedException.class,
                () -> run(s3, orders, SELECT_ORDERS, "sql/checked.sql", everyCheck(ERROR), null, prefix));

        assertThat(e.retryable()).isFalse();
        assertThat(e.errorClass().wireName()).isEqualTo("QualityCheckFailed");
        List<QualityCheckResult> results = e.results();
        assertThat(results).extracting(QualityCheckResult::name, QualityCheckResult::type,
                QualityCheckResult::failingCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("row_count", "row_count", 6L),
                org.assertj.core.groups.Tuple.tuple("not_null(order_id,customer_id)", "not_null", 2L),
                org.assertj.core.groups.Tuple.tuple("unique(order_id)", "unique", 2L),
                org.assertj.core.groups.Tuple.tuple("accepted_values(status)", "accepted_values", 1L),
                org.assertj.core.groups.Tuple.tuple("no_negative_amounts", "sql", 1L));
        assertThat(results.get(0).sample()).isEmpty();
        assertThat(results.get(1).sample()).containsExactly(
                row("order_id", 2, "customer_id", null, "status", "lost", "amount", 5.0),
                row("order_id", null, "customer_id", 5, "status", null, "amount", 2.0));
        assertThat(results.get(2).sample()).containsExactly(
                row("order_id", 1, "occurrences", 2),
                row("order_id", 3, "occurrences", 2));
        assertThat(results.get(3).sample()).containsExactly(
                row("order_id", 2, "customer_id", null, "status", "lost", "amount", 5.0));
        assertThat(results.get(4).sample()).containsExactly(
                row("order_id", 3, "customer_id", 3, "status", "open", "amount", -4.0));
        assertThat(e.failures()).extracting(CheckOutcome::detail).containsExactly(
                "6 rows, expected between 7 and 10",
                "2 rows have a null in order_id or customer_id",
                "2 values of order_id occur more than once, in 4 rows",
                "1 row has a value of status not in [open, shipped, cancelled]",
                "1 failing row");
        assertThat(e.getMessage()).startsWith("job checked: data-quality checks failed on output checked_orders: "
                + "row_count [error]: 6 rows, expected between 7 and 10; ");
        assertThat(s3.keys(prefix)).isEmpty();
    }

    @Test
    void failedWarningsDoNotBlockAndAreReported() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/bad.parquet", BAD_ORDERS);
        List<QualityCheckSpec> checks = new java.util.ArrayList<>(everyCheck(WARN));
        checks.add(TestData.rowCount(1L, null, ERROR));

        TransformResult result = run(s3, orders, SELECT_ORDERS, "sql/checked.sql", checks, null,
                s3.transformPrefix("checked", DAY, "r3"));

        assertThat(result.rowCount()).isEqualTo(6);
        assertThat(s3.rows(result.files().getFirst(), dir)).hasSize(6);
        assertThat(result.checks()).extracting(CheckOutcome::passed)
                .containsExactly(false, false, false, false, false, true);
        assertThat(result.warnings()).extracting(QualityCheckResult::failingCount).containsExactly(6L, 2L, 2L, 1L, 1L);
    }

    @Test
    void aFailureCarriesAtMostTenSampleRowsButTheFullCount() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/many.parquet",
                "select range as id, case when range % 2 = 0 then null else range end as v from range(50)");

        QualityCheckFailedException e = catchThrowableOfType(QualityCheckFailedException.class,
                () -> run(s3, orders, "select * from orders", "sql/many.sql",
                        List.of(TestData.notNull(ERROR, "v")), null, s3.transformPrefix("checked", DAY, "r4")));

        QualityCheckResult result = e.results().getFirst();
        assertThat(result.failingCount()).isEqualTo(25);
        // The first ten by their JSON text, the same on every retry.
        assertThat(result.sample()).extracting(r -> r.get("id"))
                .containsExactly(0, 10, 12, 14, 16, 18, 2, 20, 22, 24);
    }

    @Test
    void outputSchemaDriftFailsNamingTheColumns() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/orders.parquet", TestData.ORDERS);
        URI prefix = s3.transformPrefix("checked", DAY, "r5");
        SchemaContract contract = new SchemaContract(List.of(
                new ColumnSpec("status", "TEXT", null),
                new ColumnSpec("orders", "BIGINT", null),
                new ColumnSpec("revenue", "DOUBLE", null),
                new ColumnSpec("segment", "VARCHAR", null)), SchemaContract.UnexpectedColumns.FORBID);

        SchemaDriftException e = catchThrowableOfType(SchemaDriftException.class, () -> run(s3, orders, """
                select status, count(*) as orders, sum(amount) as revenue, max(order_id) as last_order
                from orders group by status""", "sql/drift.sql", List.of(), contract, prefix));

        assertThat(e.differences()).containsExactly(
                new SchemaDifference("revenue", Change.TYPE_CHANGED, "DOUBLE", "DECIMAL(38,2)"),
                new SchemaDifference("segment", Change.MISSING, "VARCHAR", null),
                new SchemaDifference("last_order", Change.UNEXPECTED, null, "BIGINT"));
        assertThat(e.getMessage()).contains("revenue", "segment", "last_order").contains("checked_orders");
        assertThat(e.retryable()).isFalse();
        assertThat(s3.keys(prefix)).isEmpty();
    }

    @Test
    void aSyntaxErrorNamesTheSqlFileAndItsLine() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "in/orders.parquet", TestData.ORDERS);

        SqlFailedException syntax = catchThrowableOfType(SqlFailedException.class, () -> run(s3, orders,
                TestData.sql("bad_syntax.sql"), "sql/bad_syntax.sql", List.of(), null,
                s3.transformPrefix("checked", DAY, "r6")));
        assertThat(syntax.line()).hasValue(4);
        assertThat(syntax.getMessage())
                .startsWith("job checked: sql/bad_syntax.sql, line 4: Parser Error: syntax error at or near")
                .contains("LINE 4:");
        assertThat(syntax.retryable()).isFalse();
        assertThat(syntax.errorClass().wireName()).isEqualTo("SqlError");

        SqlFailedException binder = catchThrowableOfType(SqlFailedException.class, () -> run(s3, orders,
                TestData.sql("unknown_column.sql"), "sql/unknown_column.sql", List.of(), null,
                s3.transformPrefix("checked", DAY, "r7")));
        assertThat(binder.line()).hasValue(3);
        assertThat(binder.getMessage()).startsWith("job checked: sql/unknown_column.sql, line 3: Binder Error:")
                .contains("discount");

        SqlFailedException check = catchThrowableOfType(SqlFailedException.class, () -> run(s3, orders,
                SELECT_ORDERS, "sql/checked.sql",
                List.of(TestData.sqlCheck("no_refunds", ERROR, "select *\nfrom output\nwhere amont < 0")), null,
                s3.transformPrefix("checked", DAY, "r8")));
        assertThat(check.source()).isEqualTo("check 'no_refunds' of output checked_orders");
        assertThat(check.line()).hasValue(3);
        assertThat(check.getMessage()).contains("amont");
    }
}
