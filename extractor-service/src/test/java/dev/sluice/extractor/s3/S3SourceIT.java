package dev.sluice.extractor.s3;

import static dev.sluice.extractor.TestSources.rows;
import static dev.sluice.extractor.TestSources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.MalformedDataException;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.SchemaDriftException;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.extractor.ExtractOutcome;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.ExtractorEngine;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.extractor.TestSources;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.model.ExtractSpec;
import dev.sluice.spec.model.SchemaContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 source against the local S3 (fauxqs): each format, empty matches, malformed rows, schema drift. */
@AwsIntegrationTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3SourceIT {

    private static final Partition DAY = Partition.of("date", "2026-11-20");
    private static final SchemaContract ORDERS = new SchemaContract(List.of(
            new ColumnSpec("order_id", "BIGINT", false),
            new ColumnSpec("customer_id", "BIGINT", false),
            new ColumnSpec("order_ts", "TIMESTAMP", null),
            new ColumnSpec("status", "VARCHAR", null),
            new ColumnSpec("amount", "DOUBLE", null)), SchemaContract.UnexpectedColumns.FORBID);

    private final AwsClients aws;
    private final String bucket = "it-s3src-" + UUID.randomUUID().toString().substring(0, 8);
    @TempDir
    Path dir;

    S3SourceIT(AwsClients aws) {
        this.aws = aws;
        aws.s3().createBucket(b -> b.bucket(bucket));
    }

    private void put(String key, byte[] body) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    private static byte[] fixture(String name) {
        try (InputStream in = S3SourceIT.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private SourceContext context(SchemaContract contract) {
        return TestSources.context(Map.of("SLUICE_VAR_BUCKET", bucket), aws, dir).withContract(contract);
    }

    private ExtractResult extract(ComponentSpec spec, SchemaContract contract) throws IOException {
        Path work = Files.createTempDirectory(dir, "work");
        return SourceRegistry.load().create(spec, context(contract))
                .extract(new ExtractRequest("extract_orders", DAY, "run-1"), work);
    }

    private List<Map<String, Object>> read(ExtractResult result, String sql) {
        return rows(result.parquetFile(), sql, dir);
    }

    @Test
    void gzippedCsvMatchedByAGlobTemplatedByThePartition() throws IOException {
        put("raw/orders/date=2026-11-20/part-1.csv.gz", gzip(fixture("orders-1.csv")));
        put("raw/orders/date=2026-11-20/part-2.csv.gz", gzip(fixture("orders-2.csv")));
        put("raw/orders/date=2026-11-20/readme.txt", "not data".getBytes());
        put("raw/orders/date=2026-11-21/part-1.csv.gz", gzip(fixture("orders-1.csv")));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/orders/date={date}/*.csv.gz",
                "format", "csv", "header", true), ORDERS);

        assertThat(result.rowCount()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(Files.size(result.parquetFile()));
        assertThat(result.rejectedRows()).isZero();
        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::name, DatasetSchema.Column::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("order_id", "BIGINT"),
                        org.assertj.core.groups.Tuple.tuple("customer_id", "BIGINT"),
                        org.assertj.core.groups.Tuple.tuple("order_ts", "TIMESTAMP"),
                        org.assertj.core.groups.Tuple.tuple("status", "VARCHAR"),
                        org.assertj.core.groups.Tuple.tuple("amount", "DOUBLE"));
        assertThat(read(result, "SELECT * FROM read_parquet(?) ORDER BY order_id")).containsExactly(
                Map.of("order_id", 1L, "customer_id", 100L, "order_ts", Timestamp.valueOf("2026-11-20 08:15:00"),
                        "status", "paid", "amount", 19.99),
                Map.of("order_id", 2L, "customer_id", 101L, "order_ts", Timestamp.valueOf("2026-11-20 09:30:00"),
                        "status", "shipped, partially", "amount", 5.5),
                row("order_id", 3L, "customer_id", 100L, "order_ts", Timestamp.valueOf("2026-11-20 23:59:59"),
                        "status", "cancelled", "amount", null));
        try (DuckDbSession db = DuckDbSession.open(TestSources.duckDb(dir))) {
            assertThat(db.queryValue("SELECT DISTINCT compression FROM parquet_metadata(?)", result.parquetFile()))
                    .isEqualTo("ZSTD");
        }
    }

    @Test
    void csvWithAnotherDelimiterAndTheContractsTypes() throws IOException {
        put("raw/semi/a.csv", "id;price;note\n1;12.50;'a;b'\n2;3.00;plain\n".getBytes());
        SchemaContract contract = new SchemaContract(List.of(new ColumnSpec("price", "DECIMAL(10, 2)", null)), null);

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/semi/a.csv", "delimiter", ";",
                "quote", "'"), contract);

        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::type)
                .containsExactly("BIGINT", "DECIMAL(10,2)", "VARCHAR");
        assertThat(read(result, "SELECT price, note FROM read_parquet(?) ORDER BY id")).containsExactly(
                Map.of("price", new BigDecimal("12.50"), "note", "a;b"),
                Map.of("price", new BigDecimal("3.00"), "note", "plain"));
    }

    @Test
    void ndjsonKeepsNestedObjectsAsStructs() throws IOException {
        put("raw/shipments/2026-11-20.ndjson", fixture("shipments.ndjson"));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/shipments/{date}.ndjson"), null);

        assertThat(result.rowCount()).isEqualTo(2);
        Map<String, String> types = types(result.schema());
        assertThat(types).containsEntry("address", "STRUCT(city VARCHAR, zip VARCHAR)")
                .containsEntry("events", "STRUCT(\"at\" TIMESTAMP WITH TIME ZONE, kind VARCHAR)[]")
                .containsEntry("order_id", "BIGINT");
        assertThat(read(result, "SELECT shipment_id, address.city AS city, address.zip AS zip, len(events) AS n,"
                + " events[1].kind AS kind FROM read_parquet(?) ORDER BY shipment_id")).containsExactly(
                Map.of("shipment_id", "s-1", "city", "Berlin", "zip", "10115", "n", 1L, "kind", "picked"),
                row("shipment_id", "s-2", "city", "Paris", "zip", null, "n", 0L, "kind", null));
    }

    @Test
    void jsonValuesAreCastToTheContractsTypes() throws IOException {
        put("raw/typed/a.ndjson", "{\"id\": 1, \"amount\": \"12.50\", \"extra\": true}\n".getBytes());
        SchemaContract contract = new SchemaContract(List.of(new ColumnSpec("id", "INTEGER", null),
                new ColumnSpec("amount", "decimal(10, 2)", null)), null);
        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/typed/a.ndjson"), contract);
        assertThat(types(result.schema())).containsExactly(Map.entry("id", "INTEGER"),
                Map.entry("amount", "DECIMAL(10,2)"), Map.entry("extra", "BOOLEAN"));
        assertThat(read(result, "SELECT amount FROM read_parquet(?)")).containsExactly(Map.of("amount", new BigDecimal("12.50")));

        put("raw/typed/b.ndjson", "{\"id\": 1, \"amount\": \"n/a\"}\n".getBytes());
        assertThatThrownBy(() -> extract(spec("s3", "uri", "s3://{bucket}/raw/typed/b.ndjson"), contract))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("n/a");
    }

    @Test
    void jsonArrays() throws IOException {
        put("raw/customers/all.json", fixture("customers.json"));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/customers/all.json", "format", "json"), null);

        assertThat(types(result.schema())).containsEntry("profile", "STRUCT(country VARCHAR, since BIGINT)")
                .containsEntry("tags", "VARCHAR[]");
        assertThat(read(result, "SELECT customer_id, name, profile.country AS country, tags FROM read_parquet(?)"
                + " ORDER BY customer_id")).extracting(r -> r.get("customer_id") + " " + r.get("name") + " "
                + r.get("country")).containsExactly("100 Ada DE", "101 Linus FI");
    }

    @Test
    void parquet() throws IOException {
        Path file = dir.resolve("in.parquet");
        try (DuckDbSession db = DuckDbSession.open(TestSources.duckDb(dir))) {
            db.copyToParquet("SELECT range AS id, 'n' || range AS name, range * 1.5 AS score,"
                    + " TIMESTAMPTZ '2026-11-20 10:00:00+00' + to_hours(range) AS ts FROM range(5)", file);
        }
        put("raw/scores/date=2026-11-20/data.parquet", Files.readAllBytes(file));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/scores/date={date}/"
                , "format", "parquet"), null);

        assertThat(result.rowCount()).isEqualTo(5);
        assertThat(types(result.schema())).containsEntry("ts", "TIMESTAMP WITH TIME ZONE");
        assertThat(read(result, "SELECT id, name, epoch(ts)::BIGINT AS ts FROM read_parquet(?) ORDER BY id DESC LIMIT 1"))
                .containsExactly(Map.of("id", 4L, "name", "n4", "ts", 1795168800L + 4 * 3600));
    }

    @Test
    void anEmptyMatchFailsUnlessAllowed() throws IOException {
        ComponentSpec strict = spec("s3", "uri", "s3://{bucket}/raw/none/date={date}/*.csv");
        assertThatThrownBy(() -> extract(strict, ORDERS))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.errorClass().wireName()).isEqualTo("EmptyInput");
                })
                .hasMessageContaining("no objects match s3://" + bucket + "/raw/none/date=2026-11-20/*.csv");

        ComponentSpec lenient = spec("s3", "uri", "s3://{bucket}/raw/none/date={date}/*.csv", "allowEmpty", true);
        ExtractResult withContract = extract(lenient, ORDERS);
        assertThat(withContract.rowCount()).isZero();
        assertThat(withContract.schema().columns()).extracting(DatasetSchema.Column::name)
                .containsExactly("order_id", "customer_id", "order_ts", "status", "amount");
        assertThat(read(withContract, "SELECT count(*) AS n FROM read_parquet(?)")).containsExactly(Map.of("n", 0L));

        ExtractResult withoutContract = extract(lenient, null);
        assertThat(withoutContract.hasFile()).isFalse();
        assertThat(withoutContract.rowCount()).isZero();
    }

    @Test
    void aMalformedRowFailsNamingTheObjectAndTheLine() {
        put("raw/bad/orders.csv", fixture("orders-malformed.csv"));
        assertThatThrownBy(() -> extract(spec("s3", "uri", "s3://{bucket}/raw/bad/orders.csv"), ORDERS))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.file()).hasValue("s3://" + bucket + "/raw/bad/orders.csv");
                    assertThat(e.line()).hasValue(3);
                })
                .hasMessageStartingWith("malformed data in s3://" + bucket + "/raw/bad/orders.csv at line 3: ")
                .hasMessageContaining("amount");
    }

    @Test
    void malformedRowsCanBeRejectedWithACountAndASample() throws IOException {
        put("raw/bad/orders.csv", fixture("orders-malformed.csv"));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/bad/orders.csv", "onMalformed", "reject"),
                ORDERS);

        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(result.rejectedRows()).isEqualTo(1);
        assertThat(result.rejectedSample()).hasSize(1);
        Map<String, Object> rejected = result.rejectedSample().getFirst();
        assertThat(rejected).containsEntry("file", "s3://" + bucket + "/raw/bad/orders.csv").containsEntry("line", 3L)
                .containsEntry("content", "2,101,2026-11-20 09:30:00,paid,not-a-number");
        assertThat((String) rejected.get("error")).contains("amount");
        assertThat(read(result, "SELECT order_id FROM read_parquet(?) ORDER BY order_id"))
                .extracting(r -> r.get("order_id")).containsExactly(1L, 3L);
    }

    @Test
    void malformedNdjsonLinesFailOrAreRejected() throws IOException {
        put("raw/bad/shipments.ndjson", fixture("shipments-malformed.ndjson"));
        assertThatThrownBy(() -> extract(spec("s3", "uri", "s3://{bucket}/raw/bad/shipments.ndjson"), null))
                .isInstanceOfSatisfying(MalformedDataException.class,
                        e -> assertThat(e.file()).hasValue("s3://" + bucket + "/raw/bad/shipments.ndjson"));

        ExtractResult result = extract(spec("s3", "uri", "s3://{bucket}/raw/bad/shipments.ndjson",
                "onMalformed", "reject"), null);
        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(result.rejectedRows()).isEqualTo(1);
        assertThat(result.rejectedSample().getFirst()).containsEntry("line", 2L)
                .containsEntry("file", "s3://" + bucket + "/raw/bad/shipments.ndjson");
        assertThat(read(result, "SELECT address.city AS city FROM read_parquet(?) ORDER BY order_id"))
                .extracting(r -> r.get("city")).containsExactly("Berlin", "Rome");
    }

    /** Case 6: a small gzip file that expands past maxDecompressedBytes is refused, and nothing is landed. */
    @Test
    void aGzipFileThatDecompressesPastTheCapIsRefused() throws IOException {
        StringBuilder csv = new StringBuilder("order_id,customer_id,amount\n");
        while (csv.length() < 300_000) {
            csv.append("1,1,1.0\n");
        }
        byte[] bomb = gzip(csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(10_000);
        put("raw/bomb/orders.csv.gz", bomb);
        StringBuilder ndjson = new StringBuilder();
        while (ndjson.length() < 300_000) {
            ndjson.append("{\"order_id\":1}\n");
        }
        put("raw/bomb/orders.ndjson.gz", gzip(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
        for (ComponentSpec spec : List.of(
                spec("s3", "uri", "s3://{bucket}/raw/bomb/orders.csv.gz", "maxDecompressedBytes", "100KiB"),
                spec("s3", "uri", "s3://{bucket}/raw/bomb/orders.ndjson.gz", "maxDecompressedBytes", "100KiB",
                        "onMalformed", "reject"))) {
            Path work = Files.createTempDirectory(dir, "work");
            String object = "s3://" + bucket + "/" + spec.settings().get("uri").toString().substring("s3://{bucket}/".length());
            assertThatThrownBy(() -> SourceRegistry.load().create(spec, context(null))
                    .extract(new ExtractRequest("extract_orders", DAY, "run-1"), work))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("extract.source.maxDecompressedBytes: " + object + " decompresses to more than 102400 "
                            + "bytes; raise maxDecompressedBytes if that is expected");
            assertThat(work.resolve(dev.sluice.extractor.ParquetResults.OUTPUT_FILE)).as("nothing landed").doesNotExist();
        }
    }

    /** Case 6: one NDJSON line (record) longer than maxLineBytes is a clear error, read line by line or by DuckDB. */
    @Test
    void anNdjsonLineLongerThanTheCapIsRefused() {
        put("raw/long/shipments.ndjson", ("{\"order_id\":1}\n{\"order_id\":2,\"note\":\"" + "n".repeat(5000)
                + "\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> extract(spec("s3", "uri", "s3://{bucket}/raw/long/shipments.ndjson",
                "maxLineBytes", "1KiB", "onMalformed", "reject"), null))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("extract.source.maxLineBytes: line 2 of s3://" + bucket + "/raw/long/shipments.ndjson is "
                        + "longer than 1024 bytes; raise maxLineBytes if that is expected");
        assertThatThrownBy(() -> extract(spec("s3", "uri", "s3://{bucket}/raw/long/shipments.ndjson",
                "maxLineBytes", "1KiB"), null))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("extract.source.maxLineBytes: line 2 of s3://" + bucket + "/raw/long/shipments.ndjson is "
                        + "longer than 1024 bytes; raise maxLineBytes if that is expected");
    }

    @Test
    void theEngineStagesAtADeterministicKeyAndReportsSchemaDrift() {
        put("raw/orders/date=2026-11-20/part-1.csv", fixture("orders-1.csv"));
        S3Transfer transfer = new S3Transfer(aws);
        ExtractorEngine engine = new ExtractorEngine(SourceRegistry.load(), context(null), transfer,
                new StagingLayout(bucket), dir.resolve("work"));
        ExtractSpec spec = new ExtractSpec(spec("s3", "uri", "s3://{bucket}/raw/orders/date={date}/*.csv"), null);
        ExtractRequest request = new ExtractRequest("extract_orders", DAY, "run-7");

        ExtractOutcome first = engine.extract(spec, "orders", ORDERS, request);
        ExtractOutcome retry = engine.extract(spec, "orders", ORDERS, request);

        String prefix = "s3://" + bucket + "/staging/extract_orders/date=2026-11-20/run-7/extract/";
        assertThat(first.output().location()).hasToString(prefix);
        assertThat(first.output().files()).extracting(Object::toString).containsExactly(prefix + "part-00000.parquet");
        assertThat(first.output().rowCount()).isEqualTo(2);
        assertThat(first.output().name()).isEqualTo("extracted");
        assertThat(retry.output()).isEqualTo(first.output());
        assertThat(transfer.list(S3Uri.parse(prefix))).hasSize(1);
        assertThat(dir.resolve("work")).isEmptyDirectory();

        // The upstream drop lost a column: the contract names it.
        put("raw/orders/date=2026-11-21/part-1.csv", fixture("orders-lost-amount.csv"));
        assertThatThrownBy(() -> engine.extract(spec, "orders", ORDERS,
                new ExtractRequest("extract_orders", Partition.of("date", "2026-11-21"), "run-8")))
                .isInstanceOfSatisfying(SchemaDriftException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.errorClass().wireName()).isEqualTo("SchemaDrift");
                    assertThat(e.differences()).containsExactly(
                            new SchemaDifference("amount", SchemaDifference.Change.MISSING, "DOUBLE", null));
                })
                .hasMessage("schema drift in dataset orders: column amount is missing (expected DOUBLE)");
        assertThat(transfer.list(S3Uri.parse("s3://" + bucket + "/staging/extract_orders/date=2026-11-21/"))).isEmpty();
    }

    private static Map<String, String> types(DatasetSchema schema) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    /** A map that may hold nulls, in order. */
    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
