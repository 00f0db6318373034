package dev.sluice.dataplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataplane.DataPlaneException;
import dev.sluice.dataplane.SourceAuthenticationException;
import dev.sluice.dataplane.SourceRequestException;
import dev.sluice.dataplane.SourceUnavailableException;
import dev.sluice.dataplane.secrets.Secret;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class JdbcErrorsTest {

    private static DataPlaneException classify(String state) {
        return JdbcErrors.classify("connecting to 'w'", new SQLException("boom", state), null);
    }

    @Test
    void classifiesBySqlState() {
        assertThat(classify("28P01")).isInstanceOf(SourceAuthenticationException.class);
        assertThat(classify("08001")).isInstanceOf(SourceUnavailableException.class);
        assertThat(classify("57014")).isInstanceOf(SourceUnavailableException.class);
        assertThat(classify("40001")).isInstanceOf(SourceUnavailableException.class);
        assertThat(classify("53300")).isInstanceOf(SourceUnavailableException.class);
        assertThat(classify("42P01")).isInstanceOf(SourceRequestException.class);
        assertThat(classify(null)).isInstanceOf(SourceRequestException.class);
        assertThat(JdbcErrors.classify("x", new SQLTransientConnectionException("t"), null))
                .isInstanceOf(SourceUnavailableException.class);
    }

    @Test
    void masksThePasswordInTheMessageAndTheCause() {
        SQLException driver = new SQLException("login as etl with hunter2 failed", "28P01",
                new RuntimeException("inner hunter2"));
        DataPlaneException e = JdbcErrors.classify("connecting to 'w'", driver, Secret.of("hunter2"));
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
