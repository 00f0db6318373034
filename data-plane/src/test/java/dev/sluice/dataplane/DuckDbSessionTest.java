package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.DatasetSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSessionTest {

    @TempDir
    Path dir;

    private DuckDbResources resources() {
        return DuckDbResources.fromEnvironment()
                .withMemoryLimit(256L * 1024 * 1024)
                .withThreads(2)
                .withTempDirectory(dir.resolve("spill"));
    }

    @Test
    void appliesTheResources() {
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            assertThat(db.queryValue("SELECT current_setting('memory_limit')")).isEqualTo("256.0 MiB");
            assertThat(db.queryValue("SELECT current_setting('threads')")).isEqualTo(2L);
            assertThat(db.queryValue("SELECT current_setting('temp_directory')")).isEqualTo(dir.resolve("spill").toString());
            assertThat(db.queryValue("SELECT current_setting('preserve_insertion_order')")).isEqualTo(false);
            assertThat(db.queryValue("SELECT current_setting('TimeZone')")).isEqualTo("UTC");
        }
    }

    @Test
    void theSandboxLocksTheConfigurationSoALaterSetIsRefused() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path outside = Files.writeString(dir.resolve("outside.csv"), "a\n1\n");
        Files.writeString(work.resolve("inside.csv"), "a\n2\n");
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            db.sandbox(List.of(work));
            assertThat(db.queryValue("SELECT a FROM read_csv(?)", work.resolve("inside.csv").toString())).isEqualTo(2L);
            assertThatThrownBy(() -> db.execute("SET enable_external_access = true"))
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("lock");
            assertThatThrownBy(() -> db.execute("SET memory_limit = '4GB'"))
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("lock");
            assertThatThrownBy(() -> db.execute("SET lock_configuration = false"))
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("lock");
            assertThatThrownBy(() -> db.queryValue("SELECT a FROM read_csv(?)", outside.toString()))
                    .isInstanceOf(QueryFailedException.class);
            assertThat(db.queryValue("SELECT current_setting('memory_limit')")).as("unchanged").isEqualTo("256.0 MiB");
            assertThat(db.queryValue("SELECT current_setting('enable_external_access')")).isEqualTo(false);
        }
    }

    @Test
    void bindsParametersAndCopiesToParquet() {
        Path parquet = dir.resolve("out/o'neil.parquet");
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            db.execute("CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(18,2))");
            assertThat(db.execute("INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)",
                    1, "x'); DROP TABLE t; --", new java.math.BigDecimal("1.50"), 2, null, null)).isEqualTo(2);
            assertThat(db.count("t")).isEqualTo(2);
            assertThat(db.count("SELECT * FROM t WHERE id > ?", 1)).isEqualTo(1);
            assertThat(db.describe("t").columns()).containsExactly(
                    new DatasetSchema.Column("id", "BIGINT", false),
                    new DatasetSchema.Column("name", "VARCHAR", true),
                    new DatasetSchema.Column("amount", "DECIMAL(18,2)", true));
            assertThat(db.copyToParquet("SELECT * FROM t ORDER BY id", parquet)).isEqualTo(2);
        }
        assertThat(Files.exists(parquet)).isTrue();
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            List<Map<String, Object>> rows = db.query("SELECT id, name FROM read_parquet(?) ORDER BY id", parquet);
            assertThat(rows).extracting(r -> r.get("name")).containsExactly("x'); DROP TABLE t; --", null);
            assertThat(db.queryValue("SELECT compression FROM parquet_metadata(?) LIMIT 1", List.of(parquet.toString())))
                    .isEqualTo("ZSTD");
        }
    }

    @Test
    void aFileDatabaseIsDeletedOnClose() {
        Path file = dir.resolve("work.duckdb");
        try (DuckDbSession db = DuckDbSession.openFile(resources(), file)) {
            db.execute("CREATE TABLE t AS SELECT range AS id FROM range(1000)");
            assertThat(db.count("t")).isEqualTo(1000);
            assertThat(Files.exists(file)).isTrue();
        }
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void failuresCarryDuckDbsMessage() {
        try (DuckDbSession db = DuckDbSession.open(resources())) {
            assertThatThrownBy(() -> db.execute("SELECT * FROM nowhere"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("nowhere");
            // The session stays usable after a failure.
            assertThat(db.queryValue("SELECT 42")).isEqualTo(42);
        }
    }

    @Test
    void quotesLiteralsAndIdentifiers() {
        assertThat(DuckDbSession.literal("it's")).isEqualTo("'it''s'");
        assertThat(DuckDbSession.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(DuckDbSession.relation("SELECT 1")).isEqualTo("(SELECT 1) AS relation");
        assertThat(DuckDbSession.relation("read_parquet(?)")).isEqualTo("read_parquet(?)");
        assertThat(DuckDbSession.relation("selections")).isEqualTo("selections");
    }
}
