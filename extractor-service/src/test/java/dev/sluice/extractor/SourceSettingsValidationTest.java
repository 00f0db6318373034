package dev.sluice.extractor;

import dev.sluice.dataplane.PluginSettings;
import static dev.sluice.extractor.TestSources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.extractor.http.HttpSourceSettings;
import dev.sluice.extractor.jdbc.JdbcSourceSettings;
import dev.sluice.extractor.s3.S3SourceSettings;
import dev.sluice.spec.model.ComponentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each source validates its settings up front, with errors that name the setting and the value. */
class SourceSettingsValidationTest {

    @TempDir
    Path dir;

    private static final Map<String, String> CONFIG = Map.of(
            "SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5432/shop",
            "SLUICE_JDBC_WAREHOUSE_USER", "sluice",
            "SLUICE_JDBC_WAREHOUSE_PASSWORD_REF", "env:WAREHOUSE_PASSWORD",
            "SLUICE_HTTP_API_URL", "https://api.example.com/v1",
            "SLUICE_HTTP_API_AUTH_REF", "env:SLUICE_SECRET_API_TOKEN",
            "SLUICE_HTTP_API_AUTH_PREFIX", "Bearer ");

    private Source create(ComponentSpec spec) {
        return SourceRegistry.load().create(spec, TestSources.context(CONFIG, null, dir));
    }

    private void fails(ComponentSpec spec, String message) {
        assertThatThrownBy(() -> create(spec)).isInstanceOf(InvalidSettingsException.class).hasMessage(message);
    }

    @Test
    void theRegistryFindsEverySourceAndRejectsUnknownTypes() {
        assertThat(SourceRegistry.load().types()).containsExactly("http", "jdbc", "s3");
        fails(spec("ftp"), "extract.source.type: unknown source type 'ftp', expected http, jdbc or s3");
    }

    @Test
    void s3Settings() {
        S3SourceSettings s = S3SourceSettings.from(PluginSettings.of(
                spec("s3", "uri", "s3://{bucket}/raw/orders/date={date}/*.csv.gz"), "extract.source"));
        assertThat(s.format()).isEqualTo("csv");
        assertThat(s.header()).isTrue();
        assertThat(s.delimiter()).isEqualTo(',');
        assertThat(s.quote()).isEqualTo('"');
        assertThat(s.compression()).isEqualTo("auto");
        assertThat(s.allowEmpty()).isFalse();
        assertThat(s.rejectMalformed()).isFalse();
        S3SourceSettings explicit = S3SourceSettings.from(PluginSettings.of(spec("s3", "uri", "s3://b/x/",
                "format", "CSV", "header", false, "delimiter", "tab", "quote", "'", "compression", "gzip",
                "allowEmpty", true, "onMalformed", "reject"), "extract.source"));
        assertThat(explicit).isEqualTo(new S3SourceSettings("s3://b/x/", "csv", false, '\t', '\'', null, null, "gzip",
                true, true, S3SourceSettings.DEFAULT_MAX_DECOMPRESSED_BYTES, S3SourceSettings.DEFAULT_MAX_LINE_BYTES));
        assertThat(S3SourceSettings.from(PluginSettings.of(spec("s3", "uri", "s3://b/x.ndjson",
                "maxDecompressedBytes", "2GiB", "maxLineBytes", "1MiB"), "extract.source")))
                .extracting(S3SourceSettings::maxDecompressedBytes, S3SourceSettings::maxLineBytes)
                .containsExactly(2L * 1024 * 1024 * 1024, 1024L * 1024);
        assertThat(S3SourceSettings.from(PluginSettings.of(spec("s3", "uri", "s3://b/x.jsonl.gz"), "p")).format())
                .isEqualTo("ndjson");

        fails(spec("s3", "uri", "s3://b/x", "format", "xml"),
                "extract.source.format: unknown format 'xml', expected csv, json, ndjson or parquet");
        fails(spec("s3", "uri", "s3://b/data/"),
                "extract.source.format: not set, and the uri 's3://b/data/' does not end in .csv, .tsv, .json, "
                        + ".ndjson, .jsonl or .parquet; set format: csv, json, ndjson or parquet");
        fails(spec("s3", "uri", "/local/file.csv"),
                "extract.source.uri: expected s3://<bucket>/<key, prefix/ or glob>, got '/local/file.csv'");
        fails(spec("s3"), "extract.source.uri: is required");
        fails(spec("s3", "uri", "s3://b/x.json", "delimiter", ";"),
                "extract.source.delimiter: applies to format csv only, not json");
        fails(spec("s3", "uri", "s3://b/x.json", "onMalformed", "reject"),
                "extract.source.onMalformed: 'reject' works for csv and ndjson, not json");
        fails(spec("s3", "uri", "s3://b/x.csv", "onMalformed", "skip"),
                "extract.source.onMalformed: unknown onMalformed policy 'skip', expected fail or reject");
        fails(spec("s3", "uri", "s3://b/x.csv", "delimiter", ";;"),
                "extract.source.delimiter: expected a single character, got ';;'");
        fails(spec("s3", "uri", "s3://b/x.csv", "header", "yes please"),
                "extract.source.header: expected true or false, got 'yes please'");
        assertThatThrownBy(() -> create(spec("s3", "uri", "s3://b/x.csv", "delimeter", ";")))
                .hasMessageStartingWith("extract.source.delimeter: unknown setting; expected one of allowEmpty, compression");
    }

    @Test
    void jdbcSettings() {
        JdbcSourceSettings s = JdbcSourceSettings.from(PluginSettings.of(spec("jdbc", "connection", "warehouse",
                "query", "select * from customers where snapshot_date = ? and note <> '?'", "parameters",
                List.of("{date}")), "extract.source"), CONFIG::get);
        assertThat(s.connection().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/shop");
        assertThat(s.connection().user()).isEqualTo("sluice");
        assertThat(s.connection().passwordRef()).isEqualTo("env:WAREHOUSE_PASSWORD");
        assertThat(s.fetchSize()).isEqualTo(10_000);
        assertThat(s.queryTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.parameterTypes()).isEmpty();

        fails(spec("jdbc", "connection", "crm", "query", "select 1"),
                "extract.source.connection: connection 'crm' is not configured: set SLUICE_JDBC_CRM_URL "
                        + "(and SLUICE_JDBC_CRM_USER, SLUICE_JDBC_CRM_PASSWORD_REF)");
        fails(spec("jdbc", "connection", "warehouse", "query", "select * from t where a = ? and b = ?",
                "parameters", List.of("{date}")),
                "extract.source.parameters: the query has 2 placeholder(s) '?' but 1 parameter(s) are given");
        fails(spec("jdbc", "connection", "warehouse", "query", "select * from t where a = ?",
                "parameters", List.of("{date}"), "parameterTypes", List.of("datetime")),
                "extract.source.parameterTypes[0]: unknown parameter type 'datetime', expected auto, string, date, "
                        + "timestamp, timestamptz, integer, decimal, double or boolean");
        fails(spec("jdbc", "connection", "warehouse", "query", "select 1", "fetchSize", 0),
                "extract.source.fetchSize: must be between 1 and 1000000, got '0'");
        assertThatThrownBy(() -> JdbcSourceSettings.from(PluginSettings.of(spec("jdbc", "connection", "w",
                "query", "select 1"), "extract.source"),
                Map.of("SLUICE_JDBC_W_URL", "jdbc:postgresql://h/db?user=a&password=hunter2")::get))
                .hasMessage("SLUICE_JDBC_W_URL: holds a password; put it in a secret and set SLUICE_JDBC_W_PASSWORD_REF instead")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void httpSettings() {
        HttpSourceSettings s = HttpSourceSettings.from(PluginSettings.of(spec("http", "connection", "api",
                "path", "/shipments?date={date}",
                "pagination", Map.of("type", "cursor", "cursorPath", "$.next_cursor", "cursorParam", "cursor"),
                "recordsPath", "$.items"), "extract.source"), CONFIG::get);
        assertThat(s.connection().baseUrl()).hasToString("https://api.example.com/v1");
        assertThat(s.connection().authRef()).isEqualTo("env:SLUICE_SECRET_API_TOKEN");
        assertThat(s.connection().authHeader()).isEqualTo("Authorization");
        assertThat(s.connection().allowInsecure()).isFalse();
        assertThat(s.connection().allowPrivateAddresses()).isFalse();
        assertThat(s.path()).isEqualTo("/shipments?date={date}");
        assertThat(s.pagination().type()).isEqualTo("cursor");
        assertThat(s.pagination().cursorPath().fields()).containsExactly("next_cursor");
        assertThat(s.recordsPath().fields()).containsExactly("items");
        assertThat(s.maxPages()).isEqualTo(1000);
        assertThat(s.maxPageBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(s.maxBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        HttpSourceSettings explicit = HttpSourceSettings.from(PluginSettings.of(spec("http", "connection", "api",
                "maxPageBytes", "1MiB", "maxBytes", "2GiB", "readTimeout", "90s"), "extract.source"), CONFIG::get);
        assertThat(explicit.maxPageBytes()).isEqualTo(1024L * 1024);
        assertThat(explicit.maxBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(explicit.readTimeout()).isEqualTo(Duration.ofSeconds(90));

        fails(spec("http", "connection", "api", "pagination", Map.of("type", "offset")),
                "extract.source.pagination.type: unknown pagination type 'offset', expected none, page, cursor or link");
        fails(spec("http", "connection", "api", "pagination", Map.of("type", "cursor", "cursorParam", "c")),
                "extract.source.pagination.cursorPath: is required");
        fails(spec("http", "connection", "api", "recordsPath", "$.items[*]"),
                "extract.source.recordsPath: '$.items[*]' is not a supported path; expected $ or $.field.field");
        fails(spec("http", "connection", "api", "headers", Map.of("Authorization", "Bearer abc")),
                "extract.source.headers.Authorization: credentials belong to the connection (SLUICE_HTTP_API_AUTH_REF), "
                        + "not to headers");
        fails(spec("http", "connection", "api", "requestTimeout", "soon"),
                "extract.source.requestTimeout: expected a duration such as PT30S, 500ms, 30s or 5m, got 'soon'");
        fails(spec("http", "connection", "api", "pagination", Map.of("type", "page", "sizeParam", "size")),
                "extract.source.pagination.size: is required with sizeParam 'size'");
        fails(spec("http", "connection", "api", "maxPageBytes", "2GiB"),
                "extract.source.maxPageBytes: must be between 1024 and 1073741824 bytes, got '2GiB'");
        fails(spec("http", "connection", "api", "readTimeout", "1s"),
                "extract.source.readTimeout: must not be below requestTimeout (PT1M), got '1s'");
    }

    /** Case 4: a spec cannot name a URL or a secret; endpoints and their auth are connections of the configuration. */
    @Test
    void httpSourcesNameAConnectionNotAUrlOrASecret() {
        fails(spec("http", "url", "https://attacker.example/collect", "connection", "api"),
                "extract.source.url: HTTP sources name a connection of the service's configuration instead of a url: "
                        + "set connection: <name> and path, and declare SLUICE_HTTP_<NAME>_URL and "
                        + "SLUICE_HTTP_<NAME>_AUTH_REF in the configuration");
        fails(spec("http", "connection", "api", "auth", Map.of("valueRef", "env:AWS_SESSION_TOKEN")),
                "extract.source.auth: HTTP sources name a connection of the service's configuration instead of a auth: "
                        + "set connection: <name> and path, and declare SLUICE_HTTP_<NAME>_URL and "
                        + "SLUICE_HTTP_<NAME>_AUTH_REF in the configuration");
        fails(spec("http", "connection", "crm"), "extract.source.connection: connection 'crm' is not configured: set "
                + "SLUICE_HTTP_CRM_URL (and SLUICE_HTTP_CRM_AUTH_REF if it needs credentials)");
        fails(spec("http", "connection", "api", "path", "shipments"), "extract.source.path: expected a path starting "
                + "with / (or a query starting with ?), appended to the connection's URL, got 'shipments'");
        Map<String, String> insecure = Map.of("SLUICE_HTTP_API_URL", "http://api.example.com");
        assertThatThrownBy(() -> HttpSourceSettings.from(PluginSettings.of(spec("http", "connection", "api"),
                "extract.source"), insecure::get))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_HTTP_API_URL: 'http://api.example.com' is not https; credentials and data would "
                        + "travel in clear text (set SLUICE_HTTP_API_ALLOW_INSECURE=true only for a local or test endpoint)");
        Map<String, String> withPassword = Map.of("SLUICE_HTTP_API_URL", "https://me:hunter2@api.example.com");
        assertThatThrownBy(() -> HttpSourceSettings.from(PluginSettings.of(spec("http", "connection", "api"),
                "extract.source"), withPassword::get))
                .hasMessage("SLUICE_HTTP_API_URL: holds credentials; put them in a secret and set SLUICE_HTTP_API_AUTH_REF instead")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void templatesFillPartitionValuesAndVariables() {
        ExtractRequest request = new ExtractRequest("extract_orders",
                dev.sluice.contracts.Partition.of("date", "2026-11-20"), "run-1", Map.of("api", "http://api"));
        Templates t = Templates.of(request, Map.of("SLUICE_VAR_BUCKET", "lake", "SLUICE_VAR_DATE", "ignored")::get);
        assertThat(t.fill("u", "s3://{bucket}/raw/date={date}/{a,b}*.csv")).isEqualTo("s3://lake/raw/date=2026-11-20/{a,b}*.csv");
        assertThat(t.fill("u", "{api}/x?job={job}&run={runId}")).isEqualTo("http://api/x?job=extract_orders&run=run-1");
        assertThatThrownBy(() -> t.fill("extract.source.uri", "s3://{bukket}/x"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("extract.source.uri: unknown template variable '{bukket}' in 's3://{bukket}/x'");
    }
}
