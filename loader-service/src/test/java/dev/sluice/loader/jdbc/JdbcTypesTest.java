package dev.sluice.loader.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcTypesTest {
    @Test
    void duckDbTypesMapToPostgresAndGenericSql() {
        assertThat(JdbcTypes.sqlType("BIGINT", true)).hasValue("bigint");
        assertThat(JdbcTypes.sqlType("DECIMAL(18,2)", true)).hasValue("numeric(18,2)");
        assertThat(JdbcTypes.sqlType("DECIMAL(18,2)", false)).hasValue("DECIMAL(18,2)");
        assertThat(JdbcTypes.sqlType("TIMESTAMP WITH TIME ZONE", true)).hasValue("timestamptz");
        assertThat(JdbcTypes.sqlType("VARCHAR", false)).hasValue("VARCHAR(65535)");
        assertThat(JdbcTypes.sqlType("INTEGER[]", true)).hasValue("jsonb");
        assertThat(JdbcTypes.sqlType("STRUCT(city VARCHAR, zip VARCHAR)", true)).hasValue("jsonb");
        assertThat(JdbcTypes.sqlType("MAP(VARCHAR, INTEGER)", false)).hasValue("VARCHAR(65535)");
        assertThat(JdbcTypes.sqlType("UBIGINT", true)).hasValue("numeric(20,0)");
        assertThat(JdbcTypes.sqlType("BLOB", true)).hasValue("bytea");
        assertThat(JdbcTypes.sqlType("UUID", false)).hasValue("VARCHAR(36)");
        assertThat(JdbcTypes.sqlType("BIT", true)).isEmpty();
    }
}
