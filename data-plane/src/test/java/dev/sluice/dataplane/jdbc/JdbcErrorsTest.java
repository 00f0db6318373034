package dev.sluice.dataplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.secrets.Secret;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class JdbcErrorsTest {

    private static ClassifiedException classify(String state) {
        return JdbcErrors.classify("connecting to 'w'", new SQLException("boom", state), null);
    }

    @Test
    void classifiesBySqlState() {
        assertThat(classify("28P01")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_AUTHENTICATION);
        assertThat(classify("08001")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE);
        assertThat(classify("57014")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE);
        assertThat(classify("40001")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE);
        assertThat(classify("53300")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE);
        assertThat(classify("42P01")).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED);
        assertThat(classify(null)).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED);
        assertThat(JdbcErrors.classify("x", new SQLTransientConnectionException("t"), null))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE);
    }

    @Test
    void masksThePasswordInTheMessageAndTheCause() {
        SQLException driver = new SQLException("login as etl with hunter2 failed", "28P01",
                new RuntimeException("inner hunter2"));
        ClassifiedException e = JdbcErrors.classify("connecting to 'w'", driver, Secret.of("hunter2"));
        assertThat(e.getMessage()).isEqualTo("connecting to 'w' failed (SQLState 28P01): login as etl with **** failed");
        assertThat(e.getCause().getMessage()).doesNotContain("hunter2");
        assertThat(e.getCause().getCause()).isNull();
    }

    @Test
    void connectionSettingsNeverPrintTheSecret() {
        JdbcConnectionSettings s = JdbcConnectionSettings.fromConfiguration("crm-db", java.util.Map.of(
                "SLUICE_JDBC_CRM_DB_URL", "jdbc:postgresql://h/db",
                "SLUICE_JDBC_CRM_DB_PASSWORD_REF", "env:CRM_PASSWORD")::get, "extract.source.connection");
        assertThat(s.url()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(s.passwordRef()).isEqualTo("env:CRM_PASSWORD");
        assertThat(s.user()).isNull();
    }
}
