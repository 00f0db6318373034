package dev.sluice.extractor.jdbc;

import static dev.sluice.extractor.TestSources.rows;
import static dev.sluice.extractor.TestSources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.extractor.TestSources;
import dev.sluice.spec.model.ComponentSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC source against a real PostgreSQL 17 (embedded, started once for the class). */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JdbcSourceIT {

    private static final String PASSWORD = "Sup3r-Secret-pw!";
    private static final Partition DAY = Partition.of("date", "2026-11-20");

    private EmbeddedPostgres postgres;
    private Path dataDir;
    @TempDir
    Path dir;

    @BeforeAll
    void startPostgres() throws Exception {
        dataDir = Files.createTempDirectory("sluice-pg");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE sluice LOGIN PASSWORD '" + PASSWORD + "'");
            // A session time zone far from UTC: the extracted instants must not depend on it.
            s.execute("ALTER ROLE sluice SET timezone = 'America/New_York'");
            s.execute("""
                    CREATE TABLE customers (
                      customer_id bigint PRIMARY KEY,
                      name text,
                      country char(2),
                      segment varchar(20),
                      updated_at timestamptz,
                      signed_up date,
                      snapshot_date date NOT NULL,
                      balance numeric(18,2),
                      lifetime numeric,
                      score double precision,
                      visits integer,
                      small smallint,
                      active boolean,
                      local_ts timestamp,
                      id uuid,
                      avatar bytea,
                      attrs jsonb)""");
            s.execute("""
                    INSERT INTO customers VALUES
                      (100, 'Ada Lovelace', 'GB', 'consumer', '2026-11-20 10:00:00+02', '2019-03-01', '2026-11-20',
                       1234567890123456.78, 12345.6789012345678, 0.25, 42, 7, true, '2026-11-20 10:00:00',
                       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10', '{"vip": true}'),
                      (101, 'Zoë 🚀 "quoted", comma', NULL, 'business', '2026-11-19 23:30:00-05', NULL, '2026-11-20',
                       -0.01, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                      (102, 'Other day', 'DE', 'consumer', '2026-11-21 00:00:00+00', NULL, '2026-11-21',
                       1.00, 1, 1.0, 1, 1, false, NULL, NULL, NULL, NULL)""");
            s.execute("GRANT SELECT ON customers TO sluice");
        }
        // Password authentication for the test user over TCP (initdb trusts everyone).
        Files.writeString(dataDir.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private Map<String, String> config(String password, int port) {
        Map<String, String> config = new HashMap<>();
        config.put("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=5");
        config.put("SLUICE_JDBC_WAREHOUSE_USER", "sluice");
        config.put("SLUICE_JDBC_WAREHOUSE_PASSWORD_REF", "env:SLUICE_SECRET_WAREHOUSE_PASSWORD");
        config.put("SLUICE_SECRET_WAREHOUSE_PASSWORD", password);
        return config;
    }

    private ExtractResult extract(ComponentSpec spec) throws IOException {
        return extract(spec, config(PASSWORD, postgres.getPort()));
    }

    private ExtractResult extract(ComponentSpec spec, Map<String, String> config) throws IOException {
        Path work = Files.createTempDirectory(dir, "work");
        return SourceRegistry.load().create(spec, TestSources.context(config, null, dir))
                .extract(new ExtractRequest("extract_customers", DAY, "run-1"), work);
    }

    private static ComponentSpec query(String sql, Object... more) {
        Object[] settings = new Object[4 + more.length];
        settings[0] = "connection";
        settings[1] = "warehouse";
        settings[2] = "query";
        settings[3] = sql;
        System.arraycopy(more, 0, settings, 4, more.length);
        return spec("jdbc", settings);
    }

    @Test
    void bindsThePartitionAsADateParameter() throws IOException {
        ExtractResult result = extract(query("SELECT customer_id, name FROM customers WHERE snapshot_date = ?",
                "parameters", List.of("{date}")));
        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(rows(result.parquetFile(), "SELECT customer_id FROM read_parquet(?) ORDER BY 1", dir))
                .extracting(r -> r.get("customer_id")).containsExactly(100L, 101L);
    }

    @Test
    void mapsNumericsAndDecimalsExactly() throws IOException {
        ExtractResult result = extract(query("SELECT customer_id, balance, lifetime, score, visits, small"
                + " FROM customers WHERE snapshot_date = ? ORDER BY customer_id", "parameters", List.of("{date}")));
        assertThat(types(result.schema())).containsExactly(
                Map.entry("customer_id", "BIGINT"), Map.entry("balance", "DECIMAL(18,2)"),
                Map.entry("lifetime", "DECIMAL(38,10)"), Map.entry("score", "DOUBLE"),
                Map.entry("visits", "INTEGER"), Map.entry("small", "SMALLINT"));
        List<Map<String, Object>> rows = rows(result.parquetFile(),
                "SELECT * FROM read_parquet(?) ORDER BY customer_id", dir);
        assertThat(rows.get(0)).containsEntry("balance", new BigDecimal("1234567890123456.78"))
                .containsEntry("lifetime", new BigDecimal("12345.6789012346")) // rounded half-even to 10 digits
                .containsEntry("score", 0.25).containsEntry("visits", 42).containsEntry("small", (short) 7);
        assertThat(rows.get(1)).containsEntry("balance", new BigDecimal("-0.01"))
                .containsEntry("lifetime", null).containsEntry("score", null).containsEntry("visits", null);
    }

    @Test
    void keepsTheInstantsOfTimestampsWithTimeZone() throws IOException {
        ExtractResult result = extract(query("SELECT customer_id, updated_at, local_ts, signed_up FROM customers"
                + " WHERE snapshot_date = ?::date ORDER BY customer_id", "parameters", List.of("{date}"),
                "parameterTypes", List.of("string")));
        assertThat(types(result.schema())).containsEntry("updated_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("local_ts", "TIMESTAMP").containsEntry("signed_up", "DATE");
        assertThat(rows(result.parquetFile(), "SELECT epoch(updated_at)::BIGINT AS instant,"
                + " strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS utc,"
                + " local_ts::VARCHAR AS local_ts, signed_up::VARCHAR AS signed_up"
                + " FROM read_parquet(?) ORDER BY customer_id", dir)).containsExactly(
                row("instant", 1795161600L, "utc", "2026-11-20T08:00:00", "local_ts", "2026-11-20 10:00:00",
                        "signed_up", "2019-03-01"),
                row("instant", 1795149000L, "utc", "2026-11-20T04:30:00", "local_ts", null, "signed_up", null));
    }

    @Test
    void mapsTextNullsAndOtherTypes() throws IOException {
        ExtractResult result = extract(query("SELECT customer_id, name, country, segment, active, id, avatar, attrs"
                + " FROM customers WHERE snapshot_date = ? ORDER BY customer_id", "parameters", List.of("{date}")));
        assertThat(types(result.schema())).containsEntry("name", "VARCHAR").containsEntry("country", "VARCHAR")
                .containsEntry("active", "BOOLEAN").containsEntry("id", "UUID").containsEntry("avatar", "BLOB")
                .containsEntry("attrs", "VARCHAR");
        assertThat(rows(result.parquetFile(), "SELECT name, country, segment, active, id::VARCHAR AS id,"
                + " hex(avatar) AS avatar, attrs FROM read_parquet(?) ORDER BY customer_id", dir)).containsExactly(
                row("name", "Ada Lovelace", "country", "GB", "segment", "consumer", "active", true,
                        "id", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "avatar", "00FF10", "attrs", "{\"vip\": true}"),
                row("name", "Zoë 🚀 \"quoted\", comma", "country", null, "segment", "business", "active", null,
                        "id", null, "avatar", null, "attrs", null));
    }

    @Test
    void valuesAreBoundNeverPasted() throws IOException {
        ExtractResult result = extract(query("SELECT count(*) AS n FROM customers WHERE name = ?",
                "parameters", List.of("x' OR '1'='1"), "allowEmpty", true));
        assertThat(rows(result.parquetFile(), "SELECT n FROM read_parquet(?)", dir)).containsExactly(Map.of("n", 0L));

        assertThatThrownBy(() -> extract(query("SELECT 1 FROM customers WHERE snapshot_date = ?",
                "parameters", List.of("{date}x"))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("extract.source.parameters[0]: '2026-11-20x' is not a valid date ({date}x)");
    }

    @Test
    void noRowsIsAnErrorUnlessAllowed() throws IOException {
        ComponentSpec spec = query("SELECT customer_id, balance FROM customers WHERE snapshot_date = ?",
                "parameters", List.of("1999-01-01"));
        assertThatThrownBy(() -> extract(spec)).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.EMPTY_INPUT);
        ExtractResult empty = extract(query("SELECT customer_id, balance FROM customers WHERE snapshot_date = ?",
                "parameters", List.of("1999-01-01"), "allowEmpty", true));
        assertThat(empty.rowCount()).isZero();
        assertThat(types(empty.schema())).containsExactly(Map.entry("customer_id", "BIGINT"),
                Map.entry("balance", "DECIMAL(18,2)"));
    }

    @Test
    void badCredentialsAreNotRetryableAndNeverShowThePassword() {
        String wrong = "Wr0ng-Passw0rd-xyz";
        assertThatThrownBy(() -> extract(query("SELECT 1"), config(wrong, postgres.getPort())))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.errorClass().wireName()).isEqualTo("SourceAuthentication");
                    assertThat(e.getMessage()).contains("'warehouse'").contains("28P01");
                    String trace = stackTrace(e);
                    assertThat(trace).doesNotContain(wrong).doesNotContain(PASSWORD);
                });
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> extract(query("SELECT 1"), config(PASSWORD, closedPort)))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE).isInstanceOfSatisfying(ClassifiedException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(stackTrace(e)).doesNotContain(PASSWORD);
                });
    }

    @Test
    void aBadQueryIsNotRetryable() {
        assertThatThrownBy(() -> extract(query("SELECT * FROM no_such_table")))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("42P01");
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static Map<String, String> types(DatasetSchema schema) {
        Map<String, String> types = new LinkedHashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
