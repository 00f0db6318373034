package dev.sluice.loader.jdbc;

import static dev.sluice.loader.TestData.DAY;
import static dev.sluice.loader.TestData.NEXT_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.TargetResult;
import dev.sluice.loader.TestData;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
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

/** The JDBC target against a real PostgreSQL 17 (embedded, one per class): COPY and the generic batched path. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcTargetIT {

    private EmbeddedPostgres postgres;
    private Path dataDir;
    private String url;
    @TempDir
    Path dir;

    @BeforeAll
    void startPostgres() throws Exception {
        dataDir = Files.createTempDirectory("sluice-loader-pg");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
        url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA analytics");
        }
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }

    LoadTarget target(Object... settings) {
        Map<String, String> config = Map.of("SLUICE_JDBC_WAREHOUSE_URL", url, "SLUICE_JDBC_WAREHOUSE_USER", "postgres");
        Object[] all = new Object[settings.length + 2];
        all[0] = "connection";
        all[1] = "warehouse";
        System.arraycopy(settings, 0, all, 2, settings.length);
        return TargetRegistry.load().create(TestData.spec("jdbc", all), TestData.context(config, null, "unused-bucket", dir));
    }

    LoadRequest request(long generation, String runId, Partition partition, String select) {
        return TestData.localRequest("order_facts", generation, runId, partition, select, dir);
    }

    List<Map<String, Object>> rows(String sql) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(md.getColumnLabel(i), v == null ? null : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String facts(String date, String... rows) {
        return "SELECT id::BIGINT AS id, DATE '" + date + "' AS date, country, revenue::DECIMAL(18,2) AS revenue, note, "
                + "TIMESTAMP '2026-11-20 10:11:12.5' AS updated_at, [id, id + 1] AS tags, id % 2 = 0 AS even FROM (VALUES "
                + String.join(", ", rows) + ") t(id, country, revenue, note)";
    }

    @Test
    void replaceSwapsThePartitionInOneTransactionAndOnlyForNewerGenerations() throws Exception {
        LoadTarget target = target("table", "analytics.facts_replace", "mode", "replace", "createTable", true);
        assertThat(target.describe()).isEqualTo("jdbc warehouse:analytics.facts_replace");

        // 1. First loads of two partitions (COPY), the table created from the Parquet schema.
        TargetResult first = target.load(request(1, "run-1", DAY, facts("2026-11-20",
                "(1, 'de', 10.5, 'a,\"quoted\" note')", "(2, 'fr', 20, '')", "(3, 'it', 7.25, NULL)")));
        assertThat(first.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(first.rows()).isEqualTo(3);
        assertThat(target.load(request(1, "run-n1", NEXT_DAY, facts("2026-11-21", "(7, 'es', 1, 'next')"))).rows()).isEqualTo(1);
        assertThat(rows("SELECT id, date, country, revenue, note, updated_at, tags, even FROM analytics.facts_replace WHERE date = '2026-11-20' ORDER BY id"))
                .containsExactly(
                        row("id", "1", "date", "2026-11-20", "country", "de", "revenue", "10.50", "note", "a,\"quoted\" note",
                                "updated_at", "2026-11-20 10:11:12.5", "tags", "[1, 2]", "even", "false"),
                        row("id", "2", "date", "2026-11-20", "country", "fr", "revenue", "20.00", "note", "",
                                "updated_at", "2026-11-20 10:11:12.5", "tags", "[2, 3]", "even", "true"),
                        row("id", "3", "date", "2026-11-20", "country", "it", "revenue", "7.25", "note", null,
                                "updated_at", "2026-11-20 10:11:12.5", "tags", "[3, 4]", "even", "false"));
        assertThat(rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'facts_replace' ORDER BY ordinal_position"))
                .extracting(r -> r.get("data_type")).containsExactly("bigint", "date", "text", "numeric", "text",
                        "timestamp without time zone", "jsonb", "boolean");
        List<Map<String, Object>> control = rows("SELECT target_table, partition_key, generation, run_id, loaded_at FROM analytics.sluice_load_generations ORDER BY partition_key");
        assertThat(control).extracting(r -> r.get("target_table") + " " + r.get("partition_key") + " " + r.get("generation") + " " + r.get("run_id"))
                .containsExactly("analytics.facts_replace date=2026-11-20 1 run-1", "analytics.facts_replace date=2026-11-21 1 run-n1");

        // 2. Redelivery: nothing changes, not even the control row.
        List<Map<String, Object>> before = rows("SELECT * FROM analytics.facts_replace ORDER BY date, id");
        TargetResult again = target.load(request(1, "run-1", DAY, facts("2026-11-20", "(1, 'de', 10.5, 'x')")));
        assertThat(again.status()).isEqualTo(TargetResult.Status.UNCHANGED);
        assertThat(rows("SELECT * FROM analytics.facts_replace ORDER BY date, id")).isEqualTo(before);
        assertThat(rows("SELECT target_table, partition_key, generation, run_id, loaded_at FROM analytics.sluice_load_generations ORDER BY partition_key"))
                .isEqualTo(control);

        // 3. A newer generation replaces the partition's rows; the other partition stays.
        TargetResult second = target.load(request(2, "run-2", DAY, facts("2026-11-20", "(1, 'de', 11, 'v2')", "(4, 'pt', 4, 'new')")));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(rows("SELECT id, country, revenue, note FROM analytics.facts_replace ORDER BY date, id"))
                .extracting(r -> r.get("id") + ":" + r.get("country") + ":" + r.get("revenue") + ":" + r.get("note"))
                .containsExactly("1:de:11.00:v2", "4:pt:4.00:new", "7:es:1.00:next");

        // 4. An older generation arriving late changes nothing.
        List<Map<String, Object>> current = rows("SELECT * FROM analytics.facts_replace ORDER BY date, id");
        TargetResult late = target.load(request(1, "run-1", DAY, facts("2026-11-20", "(9, 'xx', 9, 'stale')")));
        assertThat(late.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(late.currentGeneration()).isEqualTo(2);
        assertThat(rows("SELECT * FROM analytics.facts_replace ORDER BY date, id")).isEqualTo(current);
        assertThat(rows("SELECT generation, run_id FROM analytics.sluice_load_generations WHERE partition_key = 'date=2026-11-20'"))
                .containsExactly(row("generation", "2", "run_id", "run-2"));
    }

    @Test
    void mergeUpsertsByKeyAndOnlyForNewerGenerations() throws Exception {
        LoadTarget target = target("table", "facts_merge", "mode", "merge", "key", List.of("id"), "createTable", true);

        assertThat(target.load(request(1, "m-1", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')", "(2, 'fr', 2, 'b')", "(3, 'it', 3, 'c')")))
                .rows()).isEqualTo(3);
        List<Map<String, Object>> afterFirst = rows("SELECT * FROM facts_merge ORDER BY id");
        assertThat(target.load(request(1, "m-1", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')"))).status())
                .isEqualTo(TargetResult.Status.UNCHANGED);
        assertThat(rows("SELECT * FROM facts_merge ORDER BY id")).isEqualTo(afterFirst);

        TargetResult second = target.load(request(2, "m-2", DAY, facts("2026-11-20", "(2, 'fr', 22, 'updated')", "(4, 'es', 4, 'new')")));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(second.rows()).isEqualTo(2);
        assertThat(rows("SELECT id, revenue, note FROM facts_merge ORDER BY id")).extracting(r -> r.get("id") + ":" + r.get("revenue") + ":" + r.get("note"))
                .containsExactly("1:1.00:a", "2:22.00:updated", "3:3.00:c", "4:4.00:new");

        List<Map<String, Object>> current = rows("SELECT * FROM facts_merge ORDER BY id");
        assertThat(target.load(request(1, "m-1", DAY, facts("2026-11-20", "(2, 'fr', 2, 'stale')"))).status())
                .isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(rows("SELECT * FROM facts_merge ORDER BY id")).isEqualTo(current);
        assertThat(rows("SELECT pg_get_constraintdef(oid) AS pk FROM pg_constraint WHERE conrelid = 'facts_merge'::regclass AND contype = 'p'"))
                .containsExactly(row("pk", "PRIMARY KEY (id)"));
    }

    @Test
    void theGenericPathBatchesInsertsAndMergesByDeleteAndInsert() throws Exception {
        LoadTarget replace = target("table", "facts_generic", "createTable", true, "dialect", "generic", "batchSize", 2);
        assertThat(replace.load(request(1, "g-1", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')", "(2, 'fr', 2, NULL)", "(3, 'it', 3, '')")))
                .rows()).isEqualTo(3);
        assertThat(replace.load(request(2, "g-2", DAY, facts("2026-11-20", "(5, 'nl', 5, 'e')"))).status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(replace.load(request(1, "g-1", DAY, facts("2026-11-20", "(9, 'xx', 9, 'stale')"))).status())
                .isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(rows("SELECT id, date, revenue, note, tags FROM facts_generic ORDER BY id"))
                .containsExactly(row("id", "5", "date", "2026-11-20", "revenue", "5.00", "note", "e", "tags", "[5,6]"));
        assertThat(rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'facts_generic' AND column_name = 'tags'"))
                .containsExactly(row("data_type", "character varying"));

        LoadTarget merge = target("table", "facts_generic_merge", "mode", "merge", "key", List.of("id", "date"), "createTable", true,
                "dialect", "generic", "batchSize", 2);
        merge.load(request(1, "gm-1", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')", "(2, 'fr', 2, 'b')", "(3, 'it', 3, 'c')")));
        merge.load(request(2, "gm-2", DAY, facts("2026-11-20", "(2, 'fr', 20, 'b2')", "(4, 'es', 4, 'd')")));
        assertThat(merge.load(request(2, "gm-2", DAY, facts("2026-11-20", "(2, 'fr', 20, 'b2')"))).status()).isEqualTo(TargetResult.Status.UNCHANGED);
        assertThat(rows("SELECT id, revenue, note FROM facts_generic_merge ORDER BY id")).extracting(r -> r.get("id") + ":" + r.get("revenue") + ":" + r.get("note"))
                .containsExactly("1:1.00:a", "2:20.00:b2", "3:3.00:c", "4:4.00:d");
    }

    @Test
    void failuresAreClassified() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE facts_nokey (id bigint, date date, country text, revenue numeric(18,2), note text, "
                    + "updated_at timestamp, tags jsonb, even boolean)");
        }
        LoadTarget noKey = target("table", "facts_nokey", "mode", "merge", "key", List.of("id"));
        assertThatThrownBy(() -> noKey.load(request(1, "e-1", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')"))))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_REJECTED)
                .hasMessageContaining("SQLState 42P10")
                .hasMessageContaining("mode merge needs a primary key or unique constraint on [id]");
        assertThat(rows("SELECT count(*) AS n FROM facts_nokey")).containsExactly(row("n", "0"));
        assertThat(rows("SELECT count(*) AS n FROM sluice_load_generations WHERE target_table = 'facts_nokey'"))
                .as("the guard row rolled back with the failed load").containsExactly(row("n", "0"));

        LoadTarget missing = target("table", "no_such_table");
        assertThatThrownBy(() -> missing.load(request(1, "e-2", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')"))))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_REJECTED).hasMessageContaining("SQLState 42P01");

        Map<String, String> refused = Map.of("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + TestData.closedPort() + "/postgres",
                "SLUICE_JDBC_WAREHOUSE_USER", "postgres");
        LoadTarget down = TargetRegistry.load().create(TestData.spec("jdbc", "connection", "warehouse", "table", "t"),
                TestData.context(refused, null, "unused-bucket", dir));
        assertThatThrownBy(() -> down.load(request(1, "e-3", DAY, facts("2026-11-20", "(1, 'de', 1, 'a')"))))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("SQLState 08001");
    }

    static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
