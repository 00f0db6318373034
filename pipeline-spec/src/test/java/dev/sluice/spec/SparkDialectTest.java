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
                -- group by all in a comment is fine
                where note <> 'a::b group by all'
                group by all""";
        assertThat(SparkDialect.duckDbOnly(sql)).extracting(SparkDialect.Warning::line).containsExactly(1, 1, 2, 5);
        assertThat(SparkDialect.duckDbOnly(sql).get(1).message()).startsWith("'::' casts are DuckDB");
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
