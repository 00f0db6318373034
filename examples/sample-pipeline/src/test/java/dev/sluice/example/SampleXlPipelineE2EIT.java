package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.compare.CompareOptions;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.DatasetComparer;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.spec.settings.Lookup;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample pipeline end to end with one {@code sizeClass: xl} job beside it: {@code build_order_facts_xl} has the
 * inputs and the SQL of {@code build_order_facts} and writes {@code order_facts_xl}; the transformer runs it on Spark
 * in local mode (a child JVM per run, {@code SLUICE_SPARK_MODE=local}). Every job partition succeeds once, the xl
 * output was written by Spark, and it equals the DuckDB output of {@code build_order_facts} row for row in every
 * partition.
 */
@Tag("e2e")
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class SampleXlPipelineE2EIT {
    static final String ENV = "e2exl";
    static final String XL_JOB = "build_order_facts_xl";
    static final SampleData DATA = SampleData.recent(7L, 3, 2_000, 400); // three days: three Spark runs, each with its own JVM

    /** The xl job and its output dataset, added to a copy of the sample's specs. */
    static final String XL_SPECS = """
            # The master job again, on Spark: the same inputs and SQL as build_order_facts.
            datasets:
              - name: order_facts_xl
                owner: analytics
                partitioning:
                  - {name: date, type: date}
            jobs:
              - name: build_order_facts_xl
                owner: analytics
                sizeClass: xl
                inputs:
                  - {dataset: orders, mapping: same}
                  - {dataset: customers, mapping: same}
                  - {dataset: shipments, mapping: same}
                  - {dataset: blocklist, mapping: latest}
                outputs:
                  - dataset: order_facts_xl
                    sql: sql/order_facts.sql
                    checks:
                      - {type: row_count, min: 1}
                      - {type: not_null, columns: [country, segment]}
            """;

    @TempDir
    Path work;

    @Test
    void anXlJobRunsOnSparkAndWritesWhatTheDuckDbJobWrites() throws Exception {
        Path specs = copySpecs(Path.of("specs").toAbsolutePath(), work.resolve("specs"));
        Files.writeString(specs.resolve("xl.yaml"), XL_SPECS);
        Map<String, String> spark = sparkSettings();
        try (LocalPlatform platform = LocalPlatform.start(DATA, work, System.out::println);
             SamplePipeline pipeline = new SamplePipeline(platform, DATA, specs, ENV, System.out::println)) {
            pipeline.serviceSettings(settings -> {
                Map<String, String> out = new LinkedHashMap<>(settings);
                out.putAll(spark);
                return out;
            });
            pipeline.start();
            pipeline.publishUpstreamEvents();

            // 1. Every job partition of the sample succeeds, and so does every partition of the xl job.
            assertThat(pipeline.awaitCompletion(Duration.ofMinutes(8), true)).as(String.valueOf(pipeline.states())).isTrue();
            Map<String, RunRecord> xlRuns = awaitXlRuns(pipeline, Duration.ofMinutes(5));
            assertThat(xlRuns.keySet()).as("xl partitions").containsExactlyInAnyOrderElementsOf(
                    DATA.dates().stream().map(d -> "date=" + d).toList());

            // 2. Each expected job partition, the xl job's included, succeeded exactly once.
            Map<String, List<String>> expected = new LinkedHashMap<>();
            for (String[] e : pipeline.expected()) {
                expected.computeIfAbsent(e[0], j -> new ArrayList<>()).add(e[1]);
            }
            expected.put(XL_JOB, DATA.dates().stream().map(d -> "date=" + d).toList());
            expected.forEach((job, partitions) -> {
                Map<String, Long> succeeded = pipeline.runsOf(job).stream()
                        .filter(r -> r.state() == RunRecord.State.SUCCEEDED)
                        .collect(Collectors.groupingBy(r -> r.partition().key(), Collectors.counting()));
                for (String p : partitions) {
                    assertThat(succeeded.get(p)).as("successful runs of %s %s", job, p).isEqualTo(1L);
                }
            });

            // 3. The xl output was written by Spark (parquet-mr), the DuckDB job's by DuckDB, and they are equal.
            DatasetComparer comparer = new DatasetComparer(
                    DuckDbResources.fromEnvironment().withMemoryLimit(256L << 20).withThreads(1)
                            .withTempDirectory(work.resolve("compare-spill")),
                    work.resolve("compare"), () -> {
                        throw new AssertionError("the comparison reads local copies");
                    }, Lookup.of(Map.of()), (setting, reference) -> {
                        throw new AssertionError("no secrets");
                    });
            PipelineOutputs outputs = new PipelineOutputs(platform, pipeline, DATA, work);
            for (LocalDate date : DATA.dates()) {
                Path duck = download(platform, outputs.manifestOf("build_order_facts", date), work.resolve("duckdb-" + date));
                Path xl = download(platform, manifestOf(xlRuns.get("date=" + date)), work.resolve("spark-" + date));
                assertThat(writers(xl)).as("writer of order_facts_xl %s", date).allMatch(w -> w.startsWith("parquet-mr"));
                assertThat(writers(duck)).as("writer of order_facts %s", date).allMatch(w -> w.startsWith("DuckDB"));

                ComparisonReport report = comparer.compare(new DatasetRef.Local(duck), new DatasetRef.Local(xl),
                        CompareOptions.keyed(List.of("date", "country", "segment")));
                assertThat(report.equal()).as("order_facts vs order_facts_xl %s:%n%s", date, report.toText()).isTrue();
                assertThat(report.leftRows()).isEqualTo(report.rightRows()).isPositive();
                // and, independently of the comparer, the xl output holds exactly the expected facts
                assertThat(rows(xl)).as("order_facts_xl rows %s", date).isEqualTo(rows(duck));
                outputs.assertFacts(date); // and the DuckDB output holds what the inputs imply
            }
        }
    }

    /** The transformer's settings for Spark in local mode: the driver jar and Spark's jars, a small heap, 2 cores. */
    static Map<String, String> sparkSettings() throws IOException {
        Path driverJar = Path.of(System.getProperty("sluice.spark.driverJar"));
        Path classpathFile = Path.of(System.getProperty("sluice.spark.classpathFile"));
        assertThat(driverJar).as("the spark-transform-driver jar (built before this module)").isRegularFile();
        assertThat(classpathFile).as("Spark's class path (written by the spark-transform-driver build)").isRegularFile();
        return Map.of(
                "SLUICE_SPARK_MODE", "local",
                "SLUICE_SPARK_LOCAL_CLASSPATH", driverJar + java.io.File.pathSeparator + Files.readString(classpathFile).trim(),
                "SLUICE_SPARK_LOCAL_MASTER", "local[2]",
                "SLUICE_SPARK_LOCAL_MAX_HEAP", "1g",
                "SLUICE_SPARK_TIMEOUT", "PT5M");
    }

    /** Waits until every partition of the xl job has a successful run; the newest successful run per partition. */
    static Map<String, RunRecord> awaitXlRuns(SamplePipeline pipeline, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, RunRecord> succeeded = Map.of();
        while (System.nanoTime() < deadline) {
            List<RunRecord> runs = pipeline.runsOf(XL_JOB);
            assertThat(runs.stream().filter(r -> r.state() == RunRecord.State.FAILED).map(r -> r.partition().key() + ": " + r.error()))
                    .as("failed xl runs").isEmpty();
            succeeded = runs.stream().filter(r -> r.state() == RunRecord.State.SUCCEEDED)
                    .collect(Collectors.toMap(r -> r.partition().key(), r -> r, (a, b) -> a));
            if (succeeded.size() == DATA.days()) {
                return succeeded;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the xl job did not finish every partition within " + timeout + ": " + succeeded.keySet());
    }

    static URI manifestOf(RunRecord run) {
        assertThat(run.outputs()).as("outputs of %s", run.runId()).hasSize(1);
        PublishedOutput output = run.outputs().getFirst();
        assertThat(output.dataset()).isEqualTo("order_facts_xl");
        return output.manifest();
    }

    /** Downloads the files a manifest lists into {@code dir}. */
    static Path download(LocalPlatform platform, URI manifest, Path dir) throws IOException {
        var s3 = platform.stack().clients().s3();
        var tree = new ObjectMapper().readTree(
                s3.getObjectAsBytes(b -> b.bucket(manifest.getHost()).key(manifest.getPath().substring(1))).asByteArray());
        Files.createDirectories(dir);
        int i = 0;
        for (var f : tree.path("files")) {
            URI uri = URI.create(f.path("uri").asText());
            Files.write(dir.resolve(String.format("part-%05d.parquet", i++)),
                    s3.getObjectAsBytes(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))).asByteArray());
        }
        assertThat(i).as("files of %s", manifest).isPositive();
        return dir;
    }

    /** The created_by of each Parquet file in {@code dir}. */
    static List<String> writers(Path dir) throws Exception {
        return query("select created_by from parquet_file_metadata('" + dir + "/*.parquet') group by all", rs -> rs.getString(1));
    }

    /** Every row of the Parquet files in {@code dir}, in key order, as text. */
    static List<String> rows(Path dir) throws Exception {
        return query("select cast(date as varchar) || '|' || country || '|' || segment || '|' || orders || '|' || shipped_orders"
                + " || '|' || cast(revenue as varchar) from read_parquet('" + dir + "/*.parquet') order by date, country, segment",
                rs -> rs.getString(1));
    }

    interface Row<T> {
        T read(ResultSet rs) throws Exception;
    }

    static <T> List<T> query(String sql, Row<T> row) throws Exception {
        List<T> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    static Path copySpecs(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
