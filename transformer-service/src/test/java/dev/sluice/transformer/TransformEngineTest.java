package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.MalformedDataException;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.model.SizeClass;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over local files (no S3): input handling, limits, the sandbox, ordering and clean-up. */
class TransformEngineTest {

    @TempDir
    Path dir;

    private TransformEngine engine() {
        return TransformEngine.local(TransformSettings.defaults().withWorkDirectory(dir.resolve("work")));
    }

    private TransformRequest.Builder request(String sql) {
        return TransformRequest.builder()
                .job("local_job")
                .partition(Partition.of("date", "2026-11-20"))
                .runId("r1")
                .output(TestData.output("out", "sql/local.sql"))
                .sql(sql, "sql/local.sql")
                .stagingPrefix(URI.create(dir.resolve("staging").toUri() + "/"))
                .resources(TestData.resources(dir.resolve("spill"), 128));
    }

    private URI orders() {
        return TestData.parquet(dir.resolve("in/orders/part-00000.parquet"), TestData.ORDERS).toUri();
    }

    @Test
    void keepsTheOrderOfTheSqlInTheStagedFile() {
        URI numbers = TestData.parquet(dir.resolve("in/n.parquet"),
                "select (hash(range) % 1000000)::bigint as k, range as r from range(300000)").toUri();
        TransformResult result = engine().run(request("select k, r from numbers order by k desc, r")
                .input("numbers", List.of(numbers)).build());

        Path file = Path.of(result.files().getFirst());
        assertThat(file).isEqualTo(dir.resolve("staging/part-00000.parquet"));
        assertThat(result.rowCount()).isEqualTo(300000);
        try (var db = dev.sluice.dataplane.DuckDbSession.open(TestData.resources(dir.resolve("t"), 128), null, true)) {
            assertThat(db.queryValue("SELECT count(*) FROM (SELECT k, lag(k) OVER () AS before FROM read_parquet(?))"
                    + " WHERE before < k", file.toString())).isEqualTo(0L);
        }
    }

    @Test
    void reportsTheSchemaOfTheFileAsReadersSeeIt() {
        TransformResult result = engine().run(request(
                "select status, sum(order_id) as total, sum(order_id)::bigint as exact from orders group by all")
                .input("orders", List.of(orders())).build());
        // Parquet has no HUGEINT: DuckDB writes sum() of BIGINT as DOUBLE.
        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::type)
                .containsExactly("VARCHAR", "DOUBLE", "BIGINT");
    }

    @Test
    void theSqlCanReadNoFileOutsideItsInputs() {
        SqlFailedException e = catchThrowableOfType(SqlFailedException.class, () -> engine().run(
                request("select * from read_csv('/etc/passwd')").input("orders", List.of(orders())).build()));
        assertThat(e.getMessage()).contains("Permission Error");
        assertThat(e.line()).hasValue(1);
    }

    @Test
    void anInputWithoutFilesFailsUnlessGivenASchema() {
        URI prefix = createDir("in/empty").toUri();
        assertThatThrownBy(() -> engine().run(request("select * from shipments")
                .input("shipments", List.of(prefix)).build()))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.EMPTY_INPUT)
                .hasMessage("job local_job: input shipments has no Parquet file at [" + prefix + "]");
        assertThatThrownBy(() -> engine().run(request("select 1 as x").input("shipments", List.of()).build()))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.EMPTY_INPUT)
                .hasMessage("job local_job: input shipments has no Parquet file: it was given no location");

        DatasetSchema schema = DatasetSchema.of(List.of(new DatasetSchema.Column("order_id", "BIGINT", true),
                new DatasetSchema.Column("carrier", "VARCHAR", true)));
        TransformResult result = engine().run(request("""
                select o.order_id, s.carrier from orders o left join shipments s using (order_id)
                where o.order_id = 101""")
                .input("orders", List.of(orders()))
                .input("shipments", List.of(prefix), schema).build());
        assertThat(TestData.rows(Path.of(result.files().getFirst())))
                .containsExactly("{\"order_id\":101,\"carrier\":null}");
    }

    @Test
    void aNamedFileThatDoesNotExistIsAnEmptyInput() {
        URI missing = dir.resolve("in/missing.parquet").toUri();
        assertThatThrownBy(() -> engine().run(request("select * from orders")
                .input("orders", List.of(missing)).build()))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.EMPTY_INPUT)
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void inputsAboveTheSizeClassLimitAskForTheLargeSizeClass() {
        URI orders = orders();
        InputTooLargeException e = catchThrowableOfType(InputTooLargeException.class, () -> engine().run(
                request("select * from orders").input("orders", List.of(orders))
                        .inputLimit(new InputLimit(SizeClass.SMALL, 100)).build()));
        assertThat(e.getMessage()).startsWith("job local_job: the inputs hold ")
                .contains("(orders ", " in 1 file)", "more than the 100 B allowed for size class small; "
                        + "set `sizeClass: large` on job local_job to run it on container workers");
        assertThat(e.reroutable()).isTrue();
        assertThat(e.retryable()).isFalse();
        assertThat(e.errorClass().wireName()).isEqualTo("InputTooLarge");

        InputTooLargeException large = catchThrowableOfType(InputTooLargeException.class, () -> engine().run(
                request("select * from orders").input("orders", List.of(orders))
                        .inputLimit(new InputLimit(SizeClass.LARGE, 100)).build()));
        assertThat(large.reroutable()).isFalse();
        assertThat(large.getMessage()).contains("raise SLUICE_TRANSFORM_LARGE_MAX_INPUT");
    }

    @Test
    void anUnreadableInputIsMalformedDataNamingTheFile() throws IOException {
        Path bad = Files.writeString(createDir("in/bad").resolve("part-00000.parquet"), "not parquet at all");
        MalformedDataException e = catchThrowableOfType(MalformedDataException.class, () -> engine().run(
                request("select * from orders").input("orders", List.of(bad.toUri())).build()));
        assertThat(e.file()).hasValue(bad.toUri().toString());
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void refusesSeveralStatements() {
        SqlFailedException e = catchThrowableOfType(SqlFailedException.class, () -> engine().run(
                request("select * from orders;\ndrop table orders;").input("orders", List.of(orders())).build()));
        assertThat(e.line()).hasValue(2);
    }

    @Test
    void aCheckNamingAMissingColumnIsABadSetting() {
        assertThatThrownBy(() -> engine().run(request("select order_id from orders")
                .output(TestData.output("out", "sql/local.sql",
                        TestData.notNull(QualityCheckSpec.Severity.ERROR, "customer"))).input("orders", List.of(orders()))
                .build()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("outputs[out].checks[0]: not_null names column customer, which output out does not have;"
                        + " its columns are order_id");
    }

    @Test
    void cleansUpItsWorkAndSpillDirectoriesAfterSuccessAndFailure() throws IOException {
        engine().run(request("select * from orders").input("orders", List.of(orders())).build());
        assertThatThrownBy(() -> engine().run(request("select nope from orders").input("orders", List.of(orders()))
                .build())).isInstanceOf(SqlFailedException.class);
        try (Stream<Path> work = Files.list(dir.resolve("work")); Stream<Path> spill = Files.list(dir.resolve("spill"))) {
            assertThat(work).isEmpty();
            assertThat(spill).isEmpty();
        }
    }

    @Test
    void oneEngineRunsTransformsConcurrently() throws Exception {
        TransformEngine engine = engine();
        URI orders = orders();
        List<java.util.concurrent.Callable<List<String>>> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int min = 100 + i;
            jobs.add(() -> {
                TransformResult result = engine.run(request("select count(*) as n from orders where order_id >= " + min)
                        .stagingPrefix(URI.create(dir.resolve("staging-" + min).toUri() + "/"))
                        .input("orders", List.of(orders)).build());
                return TestData.rows(Path.of(result.files().getFirst()));
            });
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> results = pool.invokeAll(jobs);
            for (int i = 0; i < 4; i++) {
                assertThat(results.get(i).get()).containsExactly("{\"n\":" + (7 - i) + "}");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validatesInputNamesAndLocations() {
        assertThatThrownBy(() -> request("select 1").input("output", List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
        assertThatThrownBy(() -> request("select 1").input("Orders", List.of()).input("orders", List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two inputs");
        assertThatThrownBy(() -> engine().run(request("select * from orders")
                .input("orders", List.of(URI.create("s3://bucket/orders/"))).build()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("no store for s3://bucket/orders/");
    }

    private Path createDir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
