package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.Partition;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's SQL over inputs staged in the local S3 (fauxqs): filters, aggregations, joins, flattening, window
 * functions, window inputs over several partitions, and {@code sluice_params}.
 */
@AwsIntegrationTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransformSqlIT {

    private static final Partition DAY = Partition.of("date", "2026-11-20");

    @TempDir
    Path dir;

    private final AwsClients aws;

    TransformSqlIT(AwsClients aws) {
        this.aws = aws;
    }

    private TransformRequest.Builder request(S3Fixture s3, String job, String sql) {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        return TransformRequest.builder()
                .job(job)
                .partition(DAY)
                .runId(runId)
                .output(TestData.output(job + "_out", "sql/" + job + ".sql"))
                .sql(sql, "sql/" + job + ".sql")
                .stagingPrefix(s3.transformPrefix(job, DAY, runId))
                .resources(TestData.resources(dir.resolve("spill"), 256))
                .partitioning(List.of(new Dimension("date", DimensionType.DATE, null)));
    }

    @Test
    void filtersAndAggregates() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "staging/extract_orders/date=2026-11-20/r1/extract/part-00000.parquet",
                TestData.ORDERS);
        TransformResult result = s3.engine.run(request(s3, "by_status", """
                select status, count(*) as orders, sum(amount) as amount, min(order_id) as first_order
                from orders
                where amount >= 10 and date = date '2026-11-20'
                group by status
                order by status""")
                .input("orders", List.of(orders)).build());

        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"status\":\"open\",\"orders\":1,\"amount\":20.50,\"first_order\":102}",
                "{\"status\":\"shipped\",\"orders\":3,\"amount\":1109.00,\"first_order\":101}");
        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(result.files()).containsExactly(URI.create(result.location() + "part-00000.parquet"));
        assertThat(s3.keys(result.location())).hasSize(1);
        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::name, DatasetSchema.Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("status", "VARCHAR"),
                        org.assertj.core.groups.Tuple.tuple("orders", "BIGINT"),
                        org.assertj.core.groups.Tuple.tuple("amount", "DECIMAL(38,2)"),
                        org.assertj.core.groups.Tuple.tuple("first_order", "BIGINT"));
        assertThat(result.inputFiles()).isEqualTo(1);
        assertThat(result.inputBytes()).isPositive();
        assertThat(result.bytes()).isPositive();
        assertThat(result.toStagedOutput().files()).isEqualTo(result.files());
    }

    @Test
    void joinsWithLeftAndAntiJoinsReadingTheDayFromSluiceParams() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        // Inputs given as prefixes (the staged extract outputs) and as a file (the blocklist's manifest entry).
        s3.stage(dir, "staging/x/date=2026-11-20/r1/extract/orders/part-00000.parquet", TestData.ORDERS);
        s3.stage(dir, "staging/x/date=2026-11-20/r1/extract/customers/part-00000.parquet", TestData.CUSTOMERS);
        s3.stage(dir, "staging/x/date=2026-11-20/r1/extract/shipments/part-00000.parquet", TestData.SHIPMENTS);
        URI blocklist = s3.stage(dir, "datasets/blocklist/v3/part-00000.parquet", TestData.BLOCKLIST);
        String base = "staging/x/date=2026-11-20/r1/extract/";

        TransformResult result = s3.engine.run(request(s3, "order_facts", TestData.sql("order_facts.sql"))
                .input("orders", List.of(s3.prefix(base + "orders/")))
                .input("customers", List.of(s3.prefix(base + "customers/")))
                .input("shipments", List.of(s3.prefix(base + "shipments/")))
                .input("blocklist", List.of(blocklist))
                .build());

        // Cancelled order 104, blocked customer 4 (order 106) and order 100 of another day are left out; the
        // rows keep the SQL's ORDER BY.
        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"date\":\"2026-11-20\",\"country\":\"DE\",\"segment\":\"business\",\"orders\":1,"
                        + "\"shipped_orders\":1,\"revenue\":100.00}",
                "{\"date\":\"2026-11-20\",\"country\":\"DE\",\"segment\":\"consumer\",\"orders\":2,"
                        + "\"shipped_orders\":1,\"revenue\":30.50}",
                "{\"date\":\"2026-11-20\",\"country\":\"FR\",\"segment\":\"consumer\",\"orders\":1,"
                        + "\"shipped_orders\":1,\"revenue\":7.25}");
        assertThat(result.inputFiles()).isEqualTo(4);
    }

    @Test
    void flattensNestedStructsAndLists() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI nested = s3.stage(dir, "staging/n/part-00000.parquet", """
                select * from (values
                    (1, {'name': 'Ann', 'address': {'city': 'Berlin', 'zip': '10115'}},
                        [{'sku': 'A-1', 'qty': 2}, {'sku': 'B-7', 'qty': 1}]),
                    (2, {'name': 'Bob', 'address': {'city': 'Paris', 'zip': '75001'}}, [{'sku': 'C-3', 'qty': 5}]),
                    (3, {'name': 'Cem', 'address': {'city': 'Lyon', 'zip': '69001'}}, []),
                    (4, {'name': 'Dee', 'address': {'city': 'Rome', 'zip': '00118'}}, null)
                ) t(order_id, customer, items)""");
        TransformResult result = s3.engine.run(request(s3, "flat_items", """
                with items as (
                    select order_id, customer.name as name, customer.address.city as city, unnest(items) as item
                    from nested_orders
                )
                select order_id, name, city, item.sku as sku, item.qty as qty
                from items
                order by order_id, sku""")
                .input("nested_orders", List.of(nested)).build());

        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"order_id\":1,\"name\":\"Ann\",\"city\":\"Berlin\",\"sku\":\"A-1\",\"qty\":2}",
                "{\"order_id\":1,\"name\":\"Ann\",\"city\":\"Berlin\",\"sku\":\"B-7\",\"qty\":1}",
                "{\"order_id\":2,\"name\":\"Bob\",\"city\":\"Paris\",\"sku\":\"C-3\",\"qty\":5}");
    }

    @Test
    void keepsTheLatestRowPerKeyWithAWindowFunction() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI updates = s3.stage(dir, "staging/u/part-00000.parquet", """
                select * from (values
                    (1, timestamp '2026-11-20 08:00:00', 'ann@old.example'),
                    (1, timestamp '2026-11-20 09:30:00', 'ann@new.example'),
                    (2, timestamp '2026-11-20 07:00:00', 'bob@example.com'),
                    (3, timestamp '2026-11-20 12:00:00', 'cem@new.example'),
                    (3, timestamp '2026-11-20 11:00:00', 'cem@old.example')
                ) t(customer_id, updated_at, email)""");
        TransformResult result = s3.engine.run(request(s3, "latest_customers", """
                select customer_id, email, updated_at
                from customer_updates
                qualify row_number() over (partition by customer_id order by updated_at desc) = 1
                order by customer_id""")
                .input("customer_updates", List.of(updates)).build());

        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"customer_id\":1,\"email\":\"ann@new.example\",\"updated_at\":\"2026-11-20 09:30:00\"}",
                "{\"customer_id\":2,\"email\":\"bob@example.com\",\"updated_at\":\"2026-11-20 07:00:00\"}",
                "{\"customer_id\":3,\"email\":\"cem@new.example\",\"updated_at\":\"2026-11-20 12:00:00\"}");
    }

    @Test
    void aWindowInputIsOneViewOverTheFilesOfSeveralPartitions() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        List<URI> days = List.of(
                s3.stage(dir, "datasets/order_facts/date=2026-11-18/part-00000.parquet", """
                        select * from (values (date '2026-11-18', 'DE', 2::bigint, 30.00::decimal(18,2)),
                                              (date '2026-11-18', 'FR', 1, 5.00)) t(date, country, orders, revenue)"""),
                s3.stage(dir, "datasets/order_facts/date=2026-11-19/part-00000.parquet", """
                        select * from (values (date '2026-11-19', 'DE', 1::bigint, 12.50::decimal(18,2)))
                            t(date, country, orders, revenue)"""),
                // A later partition gained a column: the view unions the files by name.
                s3.stage(dir, "datasets/order_facts/date=2026-11-20/part-00000.parquet", """
                        select * from (values (date '2026-11-20', 'DE', 3::bigint, 130.50::decimal(18,2), 'x'),
                                              (date '2026-11-20', 'FR', 1, 7.25, 'y'))
                            t(date, country, orders, revenue, note)"""));
        TransformResult result = s3.engine.run(request(s3, "weekly_revenue", """
                -- Three-day revenue per country ending on the job's date.
                select
                    p.date                        as date,
                    f.country                     as country,
                    count(distinct f.date)        as days,
                    sum(f.orders)::bigint         as orders,
                    sum(f.revenue)                as revenue
                from order_facts f, sluice_params p
                where f.date > p.date - interval 3 day
                group by all
                order by country""")
                .input("order_facts", days).build());

        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"date\":\"2026-11-20\",\"country\":\"DE\",\"days\":3,\"orders\":6,\"revenue\":173.00}",
                "{\"date\":\"2026-11-20\",\"country\":\"FR\",\"days\":2,\"orders\":2,\"revenue\":12.25}");
        assertThat(result.inputFiles()).isEqualTo(3);
    }

    @Test
    void sluiceParamsHoldThePartitionRunAndGenerationAsBoundValues() {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI orders = s3.stage(dir, "staging/p/part-00000.parquet", TestData.ORDERS);
        // A run id is free text: it reaches the SQL only as a bound value, never as SQL text.
        String hostile = "2026-01-01' ; drop table orders; --";
        TransformResult result = s3.engine.run(request(s3, "params", """
                select p.date, p.run_id, p.generation,
                       (select count(*) from orders o where o.date = p.date) as orders_of_the_day,
                       (select count(*) from orders) as all_orders
                from sluice_params p""")
                .runId(hostile)
                .generation(3)
                .stagingPrefix(s3.transformPrefix("params", DAY, "r-hostile"))
                .input("orders", List.of(orders)).build());

        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactly(
                "{\"date\":\"2026-11-20\",\"run_id\":\"2026-01-01' ; drop table orders; --\",\"generation\":3,"
                        + "\"orders_of_the_day\":6,\"all_orders\":7}");
        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::type)
                .startsWith("DATE", "VARCHAR", "INTEGER");
        // Partition values cannot hold such text in the first place.
        assertThatThrownBy(() -> Partition.of("date", "2026-01-01' ; drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
