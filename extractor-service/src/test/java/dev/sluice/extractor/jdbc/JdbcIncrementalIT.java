package dev.sluice.extractor.jdbc;

import static dev.sluice.extractor.TestSources.rows;
import static dev.sluice.extractor.TestSources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.extractor.TestSources;
import dev.sluice.extractor.WatermarkRanges;
import dev.sluice.runtime.stage.InMemoryRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.Watermark;
import dev.sluice.spec.model.ComponentSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * Incremental JDBC extraction against a real PostgreSQL (embedded): each run reads the rows changed in its watermark
 * range, stored with the run, so a re-run of a run reads the same rows and the next run starts where the last
 * successful one ended.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JdbcIncrementalIT {
    private static final Partition DAY = Partition.of("date", "2026-11-20");
    private static final String JOB = "extract_orders";

    private EmbeddedPostgres postgres;
    private Path dataDir;
    @TempDir
    Path dir;

    @BeforeAll
    void startPostgres() throws Exception {
        dataDir = Files.createTempDirectory("sluice-pg-inc");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
        sql("CREATE TABLE orders (order_id bigint PRIMARY KEY, amount numeric(18,2), updated_at timestamptz NOT NULL)");
    }

    @AfterAll
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?connectTimeout=5");
        config.put("SLUICE_JDBC_WAREHOUSE_USER", "postgres");
        return config;
    }

    private static ComponentSpec incremental() {
        return spec("jdbc", "connection", "warehouse",
                "query", "SELECT order_id, amount, updated_at FROM orders WHERE updated_at > ? AND updated_at <= ? ORDER BY order_id",
                "parameters", List.of("{watermark_low}", "{watermark_high}"),
                "allowEmpty", true,
                "watermark", Map.of("query", "SELECT max(updated_at) FROM orders", "initial", "1970-01-01T00:00:00Z"));
    }

    private InMemoryRunStore runs;
    private WatermarkRanges ranges;

    @org.junit.jupiter.api.BeforeEach
    void freshRuns() {
        runs = new InMemoryRunStore();
        ranges = WatermarkRanges.of(runs);
    }

    /** One attempt of run {@code runId}: the range (stored on the first attempt), then the rows it extracts. */
    private List<String> attempt(String runId) throws IOException {
        runs.createRun(new RunRecord(runId, JOB, DAY, 1, List.of(), null, null, null, Instant.now(), RunRecord.State.RUNNING, null,
                List.of(), null));
        Source source = SourceRegistry.load().create(incremental(), TestSources.context(config(), null, dir));
        ExtractRequest request = ranges.apply(new ExtractRequest(JOB, DAY, runId), source);
        ExtractResult result = source.extract(request, Files.createTempDirectory(dir, "work"));
        if (!result.hasFile()) {
            return List.of();
        }
        List<String> changes = new ArrayList<>();
        for (Map<String, Object> row : rows(result.parquetFile(), "SELECT order_id, amount::VARCHAR AS amount FROM read_parquet(?)"
                + " ORDER BY order_id", dir)) {
            changes.add(row.get("order_id") + "=" + row.get("amount"));
        }
        return changes;
    }

    private void succeed(String runId) {
        RunRecord run = runs.run(runId).orElseThrow();
        runs.updateRun(run.finished(RunRecord.State.SUCCEEDED, Instant.now(), List.of(), null));
    }

    @Test
    void threeRunsExtractEachChangedRowExactlyOnceAndAReRunReadsTheSameRange() throws Exception {
        sql("INSERT INTO orders VALUES (1, 10.00, '2026-11-20 08:00:00+00'), (2, 20.00, '2026-11-20 09:00:00+00')");
        List<String> first = attempt("run-1");
        assertThat(first).containsExactly("1=10.00", "2=20.00");
        assertThat(runs.watermark("run-1")).contains(new Watermark("1970-01-01T00:00:00Z", "2026-11-20T09:00Z"));
        succeed("run-1");

        sql("UPDATE orders SET amount = 21.00, updated_at = '2026-11-20 10:00:00+00' WHERE order_id = 2");
        sql("INSERT INTO orders VALUES (3, 30.00, '2026-11-20 10:30:00+00')");
        List<String> second = attempt("run-2");
        assertThat(second).containsExactly("2=21.00", "3=30.00");

        // Before run-2 is done, a row changes; a retry of run-2 reads its stored range: the same rows, not the new one.
        sql("INSERT INTO orders VALUES (4, 40.00, '2026-11-20 11:00:00+00')");
        assertThat(attempt("run-2")).as("a re-run of the same run is deterministic").isEqualTo(second);
        succeed("run-2");

        // A failed run in between does not move the start: run-4 starts at run-2's high, like run-3 would have.
        List<String> failed = attempt("run-3");
        assertThat(failed).containsExactly("4=40.00");
        sql("UPDATE orders SET amount = 41.00, updated_at = '2026-11-20 12:00:00+00' WHERE order_id = 4");
        List<String> third = attempt("run-4");
        assertThat(third).containsExactly("4=41.00");
        succeed("run-4");

        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        assertThat(all).as("every change once, none twice").containsExactly("1=10.00", "2=20.00", "2=21.00", "3=30.00", "4=41.00");
        assertThat(attempt("run-5")).as("nothing changed since").isEmpty();
    }

    @Test
    void badWatermarkSettingsAreRefusedNamingTheSetting() {
        Map<String, String> config = config();
        assertThatThrownBy(() -> SourceRegistry.load().create(spec("jdbc", "connection", "warehouse",
                "query", "SELECT * FROM orders WHERE updated_at > ?", "parameters", List.of("{date}"),
                "watermark", Map.of("query", "SELECT max(updated_at) FROM orders", "initial", "1970-01-01T00:00:00Z")),
                TestSources.context(config, null, dir)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("extract.source.parameters")
                .hasMessageContaining("[{date}] bind no {watermark_low}");
        assertThatThrownBy(() -> SourceRegistry.load().create(spec("jdbc", "connection", "warehouse",
                "query", "SELECT * FROM orders WHERE updated_at > ?", "parameters", List.of("{watermark_low}"),
                "watermark", Map.of("query", "SELECT max(updated_at) FROM orders WHERE region = ?", "initial", "0")),
                TestSources.context(config, null, dir)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("extract.source.watermark.query")
                .hasMessageContaining("'SELECT max(updated_at) FROM orders WHERE region = ?' must take no parameters");
        assertThatThrownBy(() -> SourceRegistry.load().create(spec("jdbc", "connection", "warehouse",
                "query", "SELECT * FROM orders WHERE updated_at > ?", "parameters", List.of("{watermark_low}"),
                "watermark", Map.of("query", "SELECT max(updated_at) FROM orders")),
                TestSources.context(config, null, dir)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("extract.source.watermark.initial");
        assertThatThrownBy(() -> SourceRegistry.load().create(spec("jdbc", "connection", "warehouse",
                "query", "SELECT * FROM orders WHERE updated_at > ?", "parameters", List.of("{watermark_low}")),
                TestSources.context(config, null, dir)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("[{watermark_low}] use the watermark range, but no watermark is declared");
        assertThat(runs.runsOf(JOB, 10)).as("refused before any run or range").isEmpty();
    }
}
