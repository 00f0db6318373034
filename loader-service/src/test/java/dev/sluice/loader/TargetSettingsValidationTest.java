package dev.sluice.loader;

import static dev.sluice.loader.TestData.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.loader.jdbc.JdbcTarget;
import dev.sluice.loader.jdbc.JdbcTargetSettings;
import dev.sluice.loader.opensearch.OpenSearchTarget;
import dev.sluice.loader.opensearch.OpenSearchTargetSettings;
import dev.sluice.loader.s3.InMemoryDatasetVersionStore;
import dev.sluice.loader.s3.S3ParquetTargetFactory;
import dev.sluice.loader.service.LoaderWorker;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.ComponentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every target validates its own settings before any data moves; each error names the setting and its value. */
class TargetSettingsValidationTest {

    static final Map<String, String> CONFIG = Map.of(
            "SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://db:5432/shop",
            "SLUICE_OPENSEARCH_URL", "http://search:9200",
            "SLUICE_OPENSEARCH_LOGS_URL", "https://logs:9200/",
            "SLUICE_OPENSEARCH_LOGS_USER", "loader",
            "SLUICE_OPENSEARCH_LOGS_PASSWORD_REF", "env:LOGS_PASSWORD");

    @TempDir
    Path dir;

    LoadTarget create(ComponentSpec spec) {
        return TargetRegistry.load().create(spec, TestData.context(CONFIG, null, "dev-sluice-data", dir)
                .withSettingPrefix("build_order_facts.outputs[0].targets[1]"));
    }

    void rejects(ComponentSpec spec, String message) {
        assertThatThrownBy(() -> create(spec)).isInstanceOf(InvalidSettingsException.class).hasMessage(message);
    }

    @Test
    void thePluginsAreFoundByType() {
        assertThat(TargetRegistry.load().types()).containsExactly("jdbc", "opensearch", "s3-parquet");
        rejects(spec("snowflake"), "build_order_facts.outputs[0].targets[1].type: unknown target type 'snowflake', expected jdbc, opensearch or s3-parquet");
    }

    @Test
    void jdbcDefaultsAndExplicitSettings() {
        JdbcTargetSettings defaults = ((JdbcTarget) create(spec("jdbc", "connection", "warehouse", "table", "order_facts"))).settings();
        assertThat(defaults.mode()).isEqualTo(JdbcTargetSettings.Mode.REPLACE);
        assertThat(defaults.key()).isEmpty();
        assertThat(defaults.createTable()).isFalse();
        assertThat(defaults.batchSize()).isEqualTo(5000);
        assertThat(defaults.dialect()).isEqualTo(JdbcTargetSettings.Dialect.AUTO);
        assertThat(defaults.controlTable()).isEqualTo("sluice_load_generations");
        assertThat(defaults.connection().url()).isEqualTo("jdbc:postgresql://db:5432/shop");

        JdbcTargetSettings explicit = ((JdbcTarget) create(spec("jdbc", "connection", "warehouse", "table", "analytics.order_facts",
                "mode", "MERGE", "key", List.of("date", "country"), "createTable", "true", "batchSize", 100, "dialect", "generic",
                "controlTable", "loads"))).settings();
        assertThat(explicit.table()).containsExactly("analytics", "order_facts");
        assertThat(explicit.mode()).isEqualTo(JdbcTargetSettings.Mode.MERGE);
        assertThat(explicit.key()).containsExactly("date", "country");
        assertThat(explicit.createTable()).isTrue();
        assertThat(explicit.batchSize()).isEqualTo(100);
        assertThat(explicit.dialect()).isEqualTo(JdbcTargetSettings.Dialect.GENERIC);
        assertThat(explicit.controlTable()).isEqualTo("loads");
    }

    @Test
    void jdbcErrorsNameTheSetting() {
        String p = "build_order_facts.outputs[0].targets[1].";
        rejects(spec("jdbc", "connection", "crm", "table", "t"), p + "connection: connection 'crm' is not configured: set "
                + "SLUICE_JDBC_CRM_URL (and SLUICE_JDBC_CRM_USER, SLUICE_JDBC_CRM_PASSWORD_REF)");
        rejects(spec("jdbc", "connection", "warehouse"), p + "table: is required");
        rejects(spec("jdbc", "connection", "warehouse", "table", "order-facts"), p + "table: 'order-facts' is not a table name;"
                + " expected [schema.]table made of letters, digits and _ (not starting with a digit)");
        rejects(spec("jdbc", "connection", "warehouse", "table", "t", "mode", "upsert"), p + "mode: unknown mode 'upsert', expected replace or merge");
        rejects(spec("jdbc", "connection", "warehouse", "table", "t", "mode", "merge"), p + "key: is required when mode is merge:"
                + " the columns to upsert by, e.g. [date, country]");
        rejects(spec("jdbc", "connection", "warehouse", "table", "t", "key", List.of("id")), p + "key: applies to mode merge only;"
                + " mode replace deletes the partition's rows by its dimensions");
        rejects(spec("jdbc", "connection", "warehouse", "table", "t", "batchSize", 0), p + "batchSize: must be between 1 and 100000, got '0'");
        rejects(spec("jdbc", "connection", "warehouse", "table", "t", "createTable", "yes"), p + "createTable: expected true or false, got 'yes'");
        rejects(spec("jdbc", "connection", "warehouse", "tabel", "t"), p + "tabel: unknown setting; expected one of batchSize, connection,"
                + " controlTable, createTable, dialect, key, mode, table");
    }

    @Test
    void openSearchDefaultsAndExplicitSettings() {
        OpenSearchTargetSettings defaults = ((OpenSearchTarget) create(spec("opensearch", "index", "order-facts", "id", List.of("date", "country"))))
                .settings();
        assertThat(defaults.endpoint().url()).hasToString("http://search:9200");
        assertThat(defaults.endpoint().user()).isNull();
        assertThat(defaults.mode()).isEqualTo(OpenSearchTargetSettings.Mode.REPLACE);
        assertThat(defaults.bulkDocs()).isEqualTo(5000);
        assertThat(defaults.bulkBytes()).isEqualTo(5_000_000);
        assertThat(defaults.maxRetries()).isEqualTo(5);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.controlIndex()).isEqualTo("sluice-load-generations");

        OpenSearchTargetSettings explicit = ((OpenSearchTarget) create(spec("opensearch", "connection", "logs", "index", "facts", "id", "id",
                "mode", "upsert", "bulkDocs", 1000, "bulkBytes", "2MiB", "maxRetries", 2, "initialBackoff", "1s", "requestTimeout", "PT2M",
                "controlIndex", "loads"))).settings();
        assertThat(explicit.endpoint().url()).hasToString("https://logs:9200");
        assertThat(explicit.endpoint().user()).isEqualTo("loader");
        assertThat(explicit.endpoint().passwordRef()).isEqualTo("env:LOGS_PASSWORD");
        assertThat(explicit.id()).containsExactly("id");
        assertThat(explicit.mode()).isEqualTo(OpenSearchTargetSettings.Mode.UPSERT);
        assertThat(explicit.bulkDocs()).isEqualTo(1000);
        assertThat(explicit.bulkBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(explicit.maxRetries()).isEqualTo(2);
        assertThat(explicit.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(explicit.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(explicit.controlIndex()).isEqualTo("loads");
    }

    @Test
    void openSearchErrorsNameTheSetting() {
        String p = "build_order_facts.outputs[0].targets[1].";
        rejects(spec("opensearch", "connection", "audit", "index", "i", "id", "x"), p + "connection: connection 'audit' is not configured:"
                + " set SLUICE_OPENSEARCH_AUDIT_URL (and SLUICE_OPENSEARCH_AUDIT_USER, SLUICE_OPENSEARCH_AUDIT_PASSWORD_REF)");
        rejects(spec("opensearch", "index", "Order Facts", "id", "x"), p + "index: 'Order Facts' is not a valid index name: lower-case"
                + " letters, digits, '.', '_' and '-', starting with a letter or digit");
        rejects(spec("opensearch", "index", "facts"), p + "id: is required: the columns whose values make each document's _id, e.g. [date, country]");
        rejects(spec("opensearch", "index", "facts", "id", "x", "mode", "merge"), p + "mode: unknown mode 'merge', expected replace or upsert");
        rejects(spec("opensearch", "index", "facts", "id", "x", "bulkBytes", "lots"), p + "bulkBytes: expected a size such as 5MB or 5242880, got 'lots'");
        rejects(spec("opensearch", "index", "facts", "id", "x", "initialBackoff", "soon"), p + "initialBackoff: expected a duration such as"
                + " PT30S, 500ms, 30s or 5m, got 'soon'");
        assertThatThrownBy(() -> TargetRegistry.load().create(spec("opensearch", "index", "facts", "id", "x"),
                TestData.context(Map.of("SLUICE_OPENSEARCH_URL", "ftp://search"), null, "b-b-b", dir)))
                .hasMessage("SLUICE_OPENSEARCH_URL: 'ftp://search' is not an http(s) URL with a host");
    }

    /** The loader fixture's specs with {@code target} as the output's only target, validated by a loader worker. */
    void validateWithTarget(String target) throws Exception {
        Path specs = Files.createDirectories(dir.resolve("specs-" + System.nanoTime()));
        Path fixture = Path.of(TargetSettingsValidationTest.class.getResource("/specs/loader").toURI());
        Files.copy(fixture.resolve("datasets.yaml"), specs.resolve("datasets.yaml"));
        Files.copy(fixture.resolve("order_facts.sql"), specs.resolve("order_facts.sql"));
        Files.writeString(specs.resolve("jobs.yaml"), Files.readString(fixture.resolve("jobs.yaml"))
                .replace("{type: jdbc, connection: warehouse, table: order_facts, mode: replace, createTable: true}", target));
        TargetContext context = TestData.context(CONFIG, null, "dev-sluice-data", dir);
        new LoaderWorker(TargetRegistry.load(), context,
                S3ParquetTargetFactory.datasetLocation(context, new InMemoryDatasetVersionStore()), dir.resolve("work"))
                .validate(PipelineSpecs.load(specs));
    }

    @Test
    void idsAndMergeKeysMustIncludeThePartitionDimensions() throws Exception {
        String p = "build_order_facts.outputs[0].targets[0].";
        assertThatThrownBy(() -> validateWithTarget("{type: opensearch, index: facts, id: [country], mode: upsert}"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage(p + "id: [country] must include the partition dimensions of order_facts [date]: without them documents"
                        + " of different partitions share an _id, and generations of different partitions are compared");
        assertThatThrownBy(() -> validateWithTarget("{type: opensearch, index: facts, id: [country]}"))
                .isInstanceOf(InvalidSettingsException.class).hasMessageStartingWith(p + "id: [country] must include");
        assertThatThrownBy(() -> validateWithTarget("{type: jdbc, connection: warehouse, table: t, mode: merge, key: [country]}"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage(p + "key: [country] must include the partition dimensions of order_facts [date]: without them a load of one"
                        + " partition upserts rows another partition wrote");
        assertThat(dir.resolve("work")).as("nothing was started").doesNotExist();

        validateWithTarget("{type: opensearch, index: facts, id: [country, date], mode: upsert}");
        validateWithTarget("{type: jdbc, connection: warehouse, table: t, mode: merge, key: [date, country]}");
        validateWithTarget("{type: jdbc, connection: warehouse, table: t, mode: replace}");
    }

    @Test
    void s3ParquetErrorsNameTheSetting() {
        String p = "build_order_facts.outputs[0].targets[1].";
        assertThat(create(spec("s3-parquet", "bucket", "partner-exports")).describe()).isEqualTo("s3-parquet s3://partner-exports/datasets/");
        rejects(spec("s3-parquet", "bucket", "Bad_Bucket"), p + "bucket: 'Bad_Bucket' is not a valid S3 bucket name");
        rejects(spec("s3-parquet", "prefix", "a/../b"), p + "prefix: 'a/../b' is not a valid key prefix (letters, digits, . _ = + : - and /)");
        rejects(spec("s3-parquet"), p + "prefix: s3://dev-sluice-data/datasets/ is the dataset's own location, which is always written;"
                + " give another bucket or prefix");
    }
}
