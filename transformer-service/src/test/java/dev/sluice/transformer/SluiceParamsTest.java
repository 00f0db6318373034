package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.spec.model.DimensionType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceParamsTest {

    @TempDir
    Path dir;

    @Test
    void typesDateDimensionsAsDateAndOthersAsVarchar() {
        List<SluiceParams.Column> columns = SluiceParams.columns(
                Map.of("region", "eu", "date", "2026-11-20", "day", "2026-11-21", "code", "2026-13-01"),
                Map.of("day", DimensionType.STRING), "run-1", 2);
        assertThat(columns).containsExactly(
                new SluiceParams.Column("code", "VARCHAR", "2026-13-01"),
                new SluiceParams.Column("date", "DATE", "2026-11-20"),
                new SluiceParams.Column("day", "VARCHAR", "2026-11-21"),
                new SluiceParams.Column("region", "VARCHAR", "eu"),
                new SluiceParams.Column("run_id", "VARCHAR", "run-1"),
                new SluiceParams.Column("generation", "INTEGER", 2));
    }

    @Test
    void aMaliciousPartitionValueIsData() {
        String hostile = "2026-01-01' ; drop table x; --";
        try (DuckDbSession db = DuckDbSession.open(TestData.resources(dir, 128))) {
            db.execute("CREATE TABLE x AS SELECT 42 AS answer");
            SluiceParams.create(db, SluiceParams.columns(Map.of("date", hostile, "region", "eu\"; drop table x"),
                    Map.of(), "r", 1));

            assertThat(db.query("SELECT * FROM sluice_params")).containsExactly(Map.of(
                    "date", hostile, "region", "eu\"; drop table x", "run_id", "r", "generation", 1));
            assertThat(db.queryValue("SELECT answer FROM x")).isEqualTo(42);
            assertThat(db.queryValue("SELECT count(*) FROM sluice_params WHERE date = ?", hostile)).isEqualTo(1L);
        }
    }

    @Test
    void aMaliciousValueOfADateDimensionFailsAsAConversionNotAsSql() {
        try (DuckDbSession db = DuckDbSession.open(TestData.resources(dir, 128))) {
            db.execute("CREATE TABLE x AS SELECT 42 AS answer");
            assertThatThrownBy(() -> SluiceParams.create(db, SluiceParams.columns(
                    Map.of("date", "2026-01-01' ; drop table x; --"), Map.of("date", DimensionType.DATE), "r", 1)))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("Conversion Error");
            assertThat(db.queryValue("SELECT answer FROM x")).isEqualTo(42);
        }
    }

    @Test
    void readsBackTypedValues() {
        try (DuckDbSession db = DuckDbSession.open(TestData.resources(dir, 128))) {
            SluiceParams.create(db, SluiceParams.columns(Map.of("date", "2026-11-20"), Map.of(), "run-7", 3));
            assertThat(db.queryValue("SELECT date FROM sluice_params")).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(db.queryValue("SELECT typeof(generation) FROM sluice_params")).isEqualTo("INTEGER");
        }
    }

    @Test
    void aDimensionMayNotTakeTheNameOfARunColumn() {
        assertThatThrownBy(() -> SluiceParams.columns(Map.of("run_id", "x"), Map.of(), "r", 1))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("run_id");
    }

    @Test
    void columnTypesAreFromAShortList() {
        assertThatThrownBy(() -> new SluiceParams.Column("x", "VARCHAR); drop table x; --", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
