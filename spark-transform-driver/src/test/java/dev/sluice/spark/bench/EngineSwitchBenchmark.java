package dev.sluice.spark.bench;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.compare.CompareOptions;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.DatasetComparer;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformRequest;
import dev.sluice.transformer.TransformResult;
import dev.sluice.transformer.TransformSettings;
import dev.sluice.transformer.xl.LocalSparkSubmitter;
import dev.sluice.transformer.xl.XlTransform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same join-and-aggregate transform on the transformer's DuckDB engine and on the Spark driver in local mode (a
 * child JVM, as the transformer runs an {@code xl} job with {@code SLUICE_SPARK_MODE=local}), at several input sizes.
 * Not a test: a main class (docs/benchmarks.md, "Engine switch").
 *
 * <p>{@code EngineSwitchBenchmark --dir /tmp/sluice-engine-bench --sizes 1000000,10000000 [--master local[2]]
 * [--spark-heap 4g] [--duckdb-memory 4GiB] [--threads 2]}
 *
 * <p>Per size: the inputs are generated with DuckDB (not timed); then DuckDB runs the transform in this JVM and Spark
 * in its child JVM; both outputs are compared with {@link DatasetComparer} (keyed, must be equal). Reported: the
 * transform's wall time (for Spark, the child JVM's start and Spark's start-up included, as a run pays them) and the
 * peak RSS of the process that ran it ({@code VmHWM}: this JVM's, reset before the DuckDB run; the child's, sampled
 * every 50 ms).
 */
public final class EngineSwitchBenchmark {

    static final String SQL = """
            select c.country                              as country,
                   c.segment                              as segment,
                   o.status                               as status,
                   count(*)                               as orders,
                   count(distinct o.customer_id)          as customers,
                   cast(sum(o.amount) as decimal(18,2))   as revenue,
                   cast(max(o.amount) as decimal(18,2))   as largest
            from orders o
            join customers c on c.customer_id = o.customer_id
            where o.status <> 'cancelled'
            group by c.country, c.segment, o.status
            """;
    static final int CUSTOMERS = 200_000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/sluice-engine-bench");
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        String master = "local[2]";
        String sparkHeap = "4g";
        long duckMemory = 4L << 30;
        int threads = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--sizes" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).map(Long::parseLong).toList();
                case "--master" -> master = args[i + 1];
                case "--spark-heap" -> sparkHeap = args[i + 1];
                case "--duckdb-memory" -> duckMemory = Long.parseLong(args[i + 1].replace("GiB", "")) << 30;
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        DuckDbResources resources = DuckDbResources.fromEnvironment().withMemoryLimit(duckMemory).withThreads(threads)
                .withTempDirectory(dir.resolve("spill"));
        LocalSparkSubmitter spark = new LocalSparkSubmitter(System.getProperty("java.class.path"), master, sparkHeap,
                Duration.ofMinutes(30));
        List<String> table = new ArrayList<>();
        table.add("| orders (input) | engine | transform wall | peak RSS | output rows |");
        table.add("|---|---|---|---|---|");
        for (long size : sizes) {
            Path inputs = dir.resolve("inputs-" + size);
            long t0 = System.nanoTime();
            Path orders = generate(resources, inputs.resolve("orders.parquet"), """
                    select i as order_id, (hash(i) %% %d)::BIGINT as customer_id,
                           ((hash(i * 7) %% 100000) / 100.0)::DECIMAL(12,2) as amount,
                           (['open','shipped','cancelled','returned'])[1 + (i %% 4)::INT] as status
                    from range(%d) t(i)""".formatted(CUSTOMERS, size));
            Path customers = generate(resources, inputs.resolve("customers.parquet"), """
                    select i::BIGINT as customer_id,
                           (['de','fr','nl','it','es','pl','se','at'])[1 + (i %% 8)::INT] as country,
                           (['consumer','business','enterprise'])[1 + (i %% 3)::INT] as segment
                    from range(%d) t(i)""".formatted(CUSTOMERS));
            System.out.printf("%,d orders: inputs generated in %.1f s (%,d bytes)%n", size, (System.nanoTime() - t0) / 1e9,
                    Files.size(orders) + Files.size(customers));

            resetPeak();
            t0 = System.nanoTime();
            TransformResult duck = TransformEngine.local(TransformSettings.defaults())
                    .run(request("duckdb", dir.resolve("out-" + size), orders, customers, resources));
            long duckWall = System.nanoTime() - t0;
            long duckPeak = peakKib(ProcessHandle.current().pid());
            System.out.printf("  duckdb: %.2f s, peak RSS %d MiB, %d rows%n", duckWall / 1e9, duckPeak / 1024, duck.rowCount());

            PeakSampler sampler = new PeakSampler();
            sampler.start();
            t0 = System.nanoTime();
            TransformResult onSpark = new XlTransform(spark)
                    .run(request("spark", dir.resolve("out-" + size), orders, customers, resources));
            long sparkWall = System.nanoTime() - t0;
            long sparkPeak = sampler.stop();
            System.out.printf("  spark:  %.2f s, peak RSS %d MiB, %d rows%n", sparkWall / 1e9, sparkPeak / 1024, onSpark.rowCount());

            ComparisonReport report = new DatasetComparer(resources, dir.resolve("compare"), () -> {
                throw new IllegalStateException("no S3");
            }, Lookup.of(Map.of()), (setting, reference) -> {
                throw new IllegalStateException("no secrets");
            }).compare(new DatasetRef.Local(dir.resolve("out-" + size).resolve("duckdb")),
                    new DatasetRef.Local(dir.resolve("out-" + size).resolve("spark")),
                    CompareOptions.keyed(List.of("country", "segment", "status")));
            if (!report.equal()) {
                throw new IllegalStateException("the engines disagree at " + size + " orders:\n" + report.toText());
            }
            System.out.printf("  outputs equal (%d rows each)%n", report.leftRows());
            table.add(String.format("| %,d | DuckDB (transformer, in process) | %.1f s | %d MiB | %d |", size, duckWall / 1e9,
                    duckPeak / 1024, duck.rowCount()));
            table.add(String.format("| %,d | Spark local[%s] (child JVM, -Xmx%s) | %.1f s | %d MiB | %d |", size,
                    master.replaceAll("\\D", ""), sparkHeap, sparkWall / 1e9, sparkPeak / 1024, onSpark.rowCount()));
        }
        System.out.println();
        table.forEach(System.out::println);
    }

    static Path generate(DuckDbResources resources, Path file, String select) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        try (DuckDbSession db = DuckDbSession.open(resources)) {
            db.copyToParquet(select, file);
        }
        return file;
    }

    static TransformRequest request(String engine, Path out, Path orders, Path customers, DuckDbResources resources) {
        return TransformRequest.builder()
                .job("revenue_by_segment")
                .partition(Partition.of("date", "2026-11-20"))
                .runId("bench-" + engine)
                .output(new OutputSpec("revenue_by_segment", "sql/revenue_by_segment.sql", List.of(
                        new QualityCheckSpec(QualityCheckSpec.Type.ROW_COUNT, null, null, 1L, null, null, null, null, null)),
                        List.of()))
                .sql(SQL, "sql/revenue_by_segment.sql")
                .input("orders", List.of(orders.toUri()))
                .input("customers", List.of(customers.toUri()))
                .stagingPrefix(URI.create(out.resolve(engine).toUri() + "/"))
                .resources(resources)
                .partitioning(List.of(new Dimension("date", DimensionType.DATE, null)))
                .build();
    }

    /** Resets this process's peak RSS ({@code VmHWM}) to its current RSS. */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("  (cannot reset VmHWM: " + e.getMessage() + "; the DuckDB peak includes the generation)");
        }
    }

    /** {@code VmHWM} of {@code pid} in KiB, or 0 when it is gone. */
    static long peakKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has exited
        }
        return 0;
    }

    /** Samples the peak RSS of this JVM's child processes (the Spark driver) until stopped. */
    static final class PeakSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    ProcessHandle.current().children().forEach(p -> peak.accumulateAndGet(peakKib(p.pid()), Math::max));
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peak.get();
        }
    }
}
