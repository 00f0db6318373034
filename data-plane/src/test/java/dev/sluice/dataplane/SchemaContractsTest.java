package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.contracts.SchemaDifference.Change;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.SchemaContract;
import dev.sluice.spec.model.SchemaContract.UnexpectedColumns;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaContractsTest {

    @Test
    void normalizesDuckDbTypeSpellings() {
        assertThat(DuckDbTypes.normalize("int4")).isEqualTo("INTEGER");
        assertThat(DuckDbTypes.normalize("INT")).isEqualTo("INTEGER");
        assertThat(DuckDbTypes.normalize("text")).isEqualTo("VARCHAR");
        assertThat(DuckDbTypes.normalize("varchar(255)")).isEqualTo("VARCHAR");
        assertThat(DuckDbTypes.normalize("decimal(18, 2)")).isEqualTo("DECIMAL(18,2)");
        assertThat(DuckDbTypes.normalize("NUMERIC ( 10 )")).isEqualTo("DECIMAL(10,0)");
        assertThat(DuckDbTypes.normalize("decimal")).isEqualTo("DECIMAL(18,3)");
        assertThat(DuckDbTypes.normalize("timestamptz")).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(DuckDbTypes.normalize("timestamp  with time zone")).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(DuckDbTypes.normalize("datetime")).isEqualTo("TIMESTAMP");
        assertThat(DuckDbTypes.normalize("double precision")).isEqualTo("DOUBLE");
        assertThat(DuckDbTypes.normalize("float8")).isEqualTo("DOUBLE");
        assertThat(DuckDbTypes.normalize("bool")).isEqualTo("BOOLEAN");
        assertThat(DuckDbTypes.normalize("text[]")).isEqualTo("VARCHAR[]");
        assertThat(DuckDbTypes.normalize("struct(city text, zip int4)")).isEqualTo("STRUCT(city VARCHAR, zip INTEGER)");
        assertThat(DuckDbTypes.normalize("STRUCT(\"zip code\" VARCHAR, a STRUCT(b INT8)[])"))
                .isEqualTo("STRUCT(\"zip code\" VARCHAR, a STRUCT(b BIGINT)[])");
        assertThat(DuckDbTypes.normalize("map(text, int)")).isEqualTo("MAP(VARCHAR, INTEGER)");
        assertThat(DuckDbTypes.same("INTEGER", "int4")).isTrue();
        assertThat(DuckDbTypes.same("BIGINT", "INTEGER")).isFalse();
        assertThatThrownBy(() -> DuckDbTypes.normalize("decimal(18,2")).isInstanceOf(IllegalArgumentException.class);
    }

    private static DatasetSchema schema(String... namesAndTypes) {
        List<DatasetSchema.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.add(new DatasetSchema.Column(namesAndTypes[i], namesAndTypes[i + 1], true));
        }
        return DatasetSchema.of(columns);
    }

    private static SchemaContract contract(UnexpectedColumns policy) {
        return new SchemaContract(List.of(
                new ColumnSpec("order_id", "BIGINT", false),
                new ColumnSpec("amount", "decimal(18, 2)", null),
                new ColumnSpec("order_ts", "timestamptz", null),
                new ColumnSpec("status", "TEXT", null)), policy);
    }

    @Test
    void aMatchingSchemaHasNoDifferences() {
        DatasetSchema actual = schema("ORDER_ID", "BIGINT", "amount", "DECIMAL(18,2)",
                "order_ts", "TIMESTAMP WITH TIME ZONE", "status", "VARCHAR");
        assertThat(SchemaContracts.diff(contract(UnexpectedColumns.FORBID), actual)).isEmpty();
    }

    @Test
    void reportsMissingChangedAndUnexpectedColumns() {
        DatasetSchema actual = schema("order_id", "INTEGER", "order_ts", "TIMESTAMP WITH TIME ZONE",
                "status", "VARCHAR", "coupon", "VARCHAR");
        assertThat(SchemaContracts.diff(contract(UnexpectedColumns.FORBID), actual)).containsExactly(
                new SchemaDifference("order_id", Change.TYPE_CHANGED, "BIGINT", "INTEGER"),
                new SchemaDifference("amount", Change.MISSING, "DECIMAL(18,2)", null),
                new SchemaDifference("coupon", Change.UNEXPECTED, null, "VARCHAR"));
        assertThat(SchemaContracts.diff(contract(UnexpectedColumns.ALLOW), actual)).extracting(SchemaDifference::column)
                .containsExactly("order_id", "amount");
    }

    @Test
    void theContractAsASchema() {
        assertThat(SchemaContracts.schemaOf(contract(UnexpectedColumns.ALLOW)).columns()).containsExactly(
                new DatasetSchema.Column("order_id", "BIGINT", false),
                new DatasetSchema.Column("amount", "DECIMAL(18,2)", true),
                new DatasetSchema.Column("order_ts", "TIMESTAMP WITH TIME ZONE", true),
                new DatasetSchema.Column("status", "VARCHAR", true));
    }
}
