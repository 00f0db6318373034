package dev.sluice.extractor.bench;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.ComponentSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Extract throughput and peak memory (not a test). Run it with a small heap to show that memory stays bounded:
 *
 * <pre>
 *   ExtractorBenchmark jdbc &lt;rows&gt;        # a Postgres table (embedded PostgreSQL 17) through the jdbc source
 *   ExtractorBenchmark s3 &lt;megabytes&gt;     # a generated CSV in the local S3 (fauxqs) through the s3 source
 * </pre>
 *
 * See docs/benchmarks.md, "Extractor", for the command line. Prints one line per run: rows, seconds, rows/s, the
 * Parquet size and the process's peak RSS ({@code VmHWM} of {@code /proc/self/status}).
 */
public final class ExtractorBenchmark {

    private ExtractorBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ExtractorBenchmark jdbc <rows> | s3 <megabytes>");
            System.exit(2);
        }
        long size = Long.parseLong(args[1]);
        Path dir = Files.createTempDirectory("sluice-bench");
        try {
            switch (args[0]) {
                case "jdbc" -> jdbc(size, dir);
                case "s3" -> s3(size, dir);
                default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void jdbc(long rows, Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            long setup = System.nanoTime();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("""
                        CREATE UNLOGGED TABLE orders AS
                        SELECT g AS order_id,
                               (g % 100000)::int AS customer_id,
                               timestamptz '2026-11-20 00:00:00+00' + (g % 86400) * interval '1 second' AS order_ts,
                               (array['paid','shipped','cancelled','returned'])[1 + g % 4] AS status,
                               round((g % 100000) / 100.0, 2)::numeric(18,2) AS amount,
                               date '2026-11-20' AS order_date,
                               md5(g::text) AS note
                        FROM generate_series(1, ROWS) g""".replace("ROWS", Long.toString(rows)));
                s.execute("ANALYZE orders");
            }
            System.err.printf(Locale.ROOT, "setup: %d rows in Postgres in %.1f s%n", rows,
                    (System.nanoTime() - setup) / 1e9);
            Map<String, String> config = new HashMap<>(System.getenv());
            config.put("SLUICE_JDBC_BENCH_URL", pg.getJdbcUrl("postgres", "postgres"));
            config.put("SLUICE_JDBC_BENCH_USER", "postgres");
            ComponentSpec spec = new ComponentSpec("jdbc", new LinkedHashMap<>(Map.of(
                    "connection", "bench",
                    "query", "SELECT * FROM orders WHERE order_date = ?",
                    "parameters", List.of("{date}"),
                    "fetchSize", 10_000)));
            run("jdbc", spec, config, null, dir);
        }
    }

    private static void s3(long megabytes, Path dir) throws Exception {
        try (AwsStack stack = AwsStacks.start()) {
            AwsClients aws = stack.clients();
            String bucket = "bench-" + System.currentTimeMillis();
            aws.s3().createBucket(b -> b.bucket(bucket));
            long setup = System.nanoTime();
            Path csv = dir.resolve("orders.csv");
            long rows = writeCsv(csv, megabytes * 1024 * 1024);
            new S3Transfer(aws).upload(csv, S3Uri.parse("s3://" + bucket + "/raw/orders/date=2026-11-20/orders.csv"));
            long bytes = Files.size(csv);
            Files.delete(csv);
            System.err.printf(Locale.ROOT, "setup: %d rows, %d bytes of CSV generated and uploaded in %.1f s%n", rows,
                    bytes, (System.nanoTime() - setup) / 1e9);
            Map<String, String> config = new HashMap<>(System.getenv());
            config.put("SLUICE_VAR_BUCKET", bucket);
            ComponentSpec spec = new ComponentSpec("s3", new LinkedHashMap<>(Map.of(
                    "uri", "s3://{bucket}/raw/orders/date={date}/*.csv", "format", "csv")));
            run("s3", spec, config, aws, dir);
        }
    }

    /** A deterministic CSV of about {@code bytes} bytes; returns the number of data rows. */
    static long writeCsv(Path file, long bytes) throws IOException {
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("order_id,customer_id,order_ts,status,amount,note\n");
            long written = 0;
            String[] statuses = {"paid", "shipped", "cancelled", "returned"};
            StringBuilder line = new StringBuilder(128);
            while (written < bytes) {
                rows++;
                line.setLength(0);
                long s = rows % 86400;
                line.append(rows).append(',').append(rows % 100_000).append(",2026-11-20 ")
                        .append(String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)).append(',')
                        .append(statuses[(int) (rows % 4)]).append(',')
                        .append(rows % 100_000 / 100).append('.').append(String.format(Locale.ROOT, "%02d", rows % 100))
                        .append(",\"note ").append(Long.toHexString(rows * 0x9E3779B97F4A7C15L)).append("\"\n");
                out.append(line);
                written += line.length();
            }
        }
        return rows;
    }

    private static void run(String name, ComponentSpec spec, Map<String, String> config, AwsClients aws, Path dir)
            throws IOException {
        DuckDbResources duckDb = DuckDbResources.fromEnvironment();
        SourceContext context = new SourceContext(config::get, duckDb, () -> new S3Transfer(aws),
                SecretResolvers.fromConfiguration(config::get));
        Path work = Files.createDirectories(dir.resolve("work"));
        long before = peakRssKb();
        long started = System.nanoTime();
        ExtractResult result = SourceRegistry.load().create(spec, context)
                .extract(new ExtractRequest("bench", Partition.of("date", "2026-11-20"), "run-1"), work);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT,
                "%s: %d rows in %.2f s = %.0f rows/s; parquet %.1f MiB; peak RSS %.0f MiB (before the extract %.0f MiB);"
                        + " -Xmx %d MiB; DuckDB memory_limit %s, threads %d%n",
                name, result.rowCount(), seconds, result.rowCount() / seconds, result.bytes() / 1048576.0,
                peakRssKb() / 1024.0, before / 1024.0, Runtime.getRuntime().maxMemory() / 1048576,
                duckDb.memoryLimitSetting(), duckDb.threads());
    }

    /** VmHWM of /proc/self/status in KiB, or -1. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
