package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.xl.SparkDialect;
import org.junit.jupiter.api.Test;

class SparkDialectTest {

    @Test
    void findsDuckDbOnlyConstructsWithTheirLinesOutsideStringsAndComments() {
        String sql = """
                select * exclude (secret), amount::decimal(18,2) as amount
                from read_parquet('x.parquet')
                -- unnest(x) in a comment is fine
                where note <> 'a::b unnest(y)'
                and n in (select unnest(l) from t)""";
        assertThat(SparkDialect.duckDbOnly(sql)).extracting(SparkDialect.Warning::line).containsExactly(1, 1, 2, 5);
        assertThat(SparkDialect.duckDbOnly(sql).get(1).message()).startsWith("'::' casts are DuckDB");
    }

    @Test
    void groupByAllAndOrderByAllRunOnSparkToo() {
        // Spark SQL has both since 3.4 (SPARK-41635, SPARK-41637); the xl end-to-end test runs the sample's
        // order_facts.sql, which groups by all, on Spark.
        assertThat(SparkDialect.duckDbOnly("select country, sum(amount) as revenue from orders group by all order by all")).isEmpty();
    }

    @Test
    void portableSqlHasNoWarnings() {
        assertThat(SparkDialect.duckDbOnly("select customer, cast(sum(amount) as decimal(18,2)) as amount from orders"
                + " where date = (select date from sluice_params) group by customer")).isEmpty();
    }

    @Test
    void xlIsASizeClass() {
        assertThat(SizeClass.fromWire("xl")).isEqualTo(SizeClass.XL);
    }
}
