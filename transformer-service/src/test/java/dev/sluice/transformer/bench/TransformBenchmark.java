package dev.sluice.transformer.bench;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformRequest;
import dev.sluice.transformer.TransformResult;
import dev.sluice.transformer.TransformSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The transformer against bare DuckDB, by the same SQL over the same local Parquet files, one JVM per measurement.
 * Not a test.
 *
 * <pre>
 * java -cp ... dev.sluice.transformer.bench.TransformBenchmark run [--dir /tmp/sluice-bench] [--sizes 10,200]
 *      [--repeat 3] [--threads 2] [--memory 4GiB] [--jobs aggregate,join,dedupe]
 *      [--variants bare,engine,engine+checks,bare-unordered]
 * </pre>
 *
 * <p>{@code run} generates deterministic order-like data per size (orders with ~10% re-published versions, and
 * customers), then, for each of three jobs (an aggregation, a join, a dedupe), starts one JVM per variant and
 * repetition, alternating the variants:
 * <ul>
 *   <li>{@code bare}: a plain DuckDB JDBC program: views over {@code read_parquet}, then
 *       {@code COPY (<sql>) TO 'out.parquet' (FORMAT parquet, COMPRESSION zstd)};</li>
 *   <li>{@code engine}: {@link TransformEngine} with {@code file:} inputs read in place and a {@code file:} staging
 *       prefix (no S3), no checks;</li>
 *   <li>{@code engine+checks}: the same with three checks (row_count, not_null and unique on the key);</li>
 *   <li>{@code bare-unordered} (on request): {@code bare} with {@code preserve_insertion_order = false}, which the
 *       engine's sessions use.</li>
 * </ul>
 * Each child reports the job's wall time measured inside the JVM once the DuckDB driver is loaded (what a warm
 * worker pays per job), its whole process time, and its peak RSS ({@code VmHWM} of {@code /proc/self/status}).
 */
public final class TransformBenchmark {

    static final Map<String, String> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put("aggregate", """
                select country, status, cast(order_ts as date) as day,
                       count(*) as orders, sum(amount) as revenue, avg(amount) as avg_amount,
                       count(distinct customer_id) as customers
                from orders
                group by all
                order by all""");
        JOBS.put("join", """
                select c.segment, c.country, o.status,
                       count(*) as orders, sum(o.amount) as revenue, max(o.order_ts) as last_order
                from orders o
                join customers c on c.customer_id = o.customer_id
                group by all
                order by all""");
        JOBS.put("dedupe", """
                select *
                from orders
                qualify row_number() over (partition by order_id order by version desc) = 1""");
    }

    /** The key a dedupe's output is unique on, for the checks variant. */
    static final Map<String, List<String>> KEYS = Map.of(
            "aggregate", List.of("country", "status", "day"),
            "join", List.of("segment", "country", "status"),
            "dedupe", List.of("order_id"));

    private TransformBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: run|generate|child ...");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "run" -> run(options);
            case "generate" -> generate(Path.of(options.get("dir")), Integer.parseInt(options.get("size")));
            case "child" -> child(options);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("dir", "/tmp/sluice-bench");
        options.put("sizes", "10,200");
        options.put("repeat", "3");
        options.put("threads", "2");
        options.put("memory", "4GiB");
        options.put("variants", "bare,engine,engine+checks");
        options.put("jobs", String.join(",", JOBS.keySet()));
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    // ---------------------------------------------------------------- orchestration

    private static void run(Map<String, String> options) throws Exception {
        Path root = Path.of(options.get("dir"));
        int repeat = Integer.parseInt(options.get("repeat"));
        List<String> variants = List.of(options.get("variants").split(","));
        List<String> jobs = List.of(options.get("jobs").split(","));
        StringBuilder table = new StringBuilder();
        table.append("| input | job | variant | job time (median) | process wall (median) | peak RSS (median) |"
                + " job-time overhead vs bare |\n|---|---|---|---|---|---|---|\n");
        for (String sizeText : options.get("sizes").split(",")) {
            int size = Integer.parseInt(sizeText.trim());
            Path data = root.resolve("data-" + size + "mb");
            if (!Files.exists(data.resolve("DONE"))) {
                generate(data, size);
            }
            long bytes = sizeOf(data.resolve("orders")) + sizeOf(data.resolve("customers"));
            for (String job : jobs) {
                Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
                for (int r = 0; r < repeat; r++) {
                    for (String variant : variants) {
                        Map<String, Double> m = fork(options, data, job, variant, root.resolve("out"));
                        runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(m);
                        System.err.printf(Locale.ROOT, "%d MB %s %s #%d: job %.0f ms, process %.0f ms, rss %.0f MiB,"
                                + " rows %.0f%n", size, job, variant, r + 1, m.get("jobMs"), m.get("processMs"),
                                m.get("rssKb") / 1024, m.get("rows"));
                    }
                }
                double bareJob = runs.containsKey("bare") ? median(runs.get("bare"), "jobMs") : Double.NaN;
                for (String variant : variants) {
                    double jobMs = median(runs.get(variant), "jobMs");
                    table.append(String.format(Locale.ROOT, "| %s MB (%.0f MiB) | %s | %s | %.0f ms | %.0f ms |"
                                    + " %.0f MiB | %s |%n", size, bytes / 1048576.0, job, variant, jobMs,
                            median(runs.get(variant), "processMs"), median(runs.get(variant), "rssKb") / 1024,
                            variant.equals("bare") ? "—"
                                    : String.format(Locale.ROOT, "%+.1f%%", (jobMs / bareJob - 1) * 100)));
                }
            }
        }
        System.out.println(table);
    }

    private static Map<String, Double> fork(Map<String, String> options, Path data, String job, String variant,
            Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TransformBenchmark.class.getName(), "child", "--data", data.toString(), "--job", job,
                "--variant", variant, "--out", out.toString(), "--threads", options.get("threads"),
                "--memory", options.get("memory")));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            result = reader.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
        }
        int exit = process.waitFor();
        double processMs = (System.nanoTime() - started) / 1e6;
        if (exit != 0 || result == null) {
            throw new IllegalStateException(variant + " " + job + " failed with exit code " + exit);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String pair : result.substring("RESULT ".length()).split(" ")) {
            String[] kv = pair.split("=");
            m.put(kv[0], Double.parseDouble(kv[1]));
        }
        m.put("processMs", processMs);
        return m;
    }

    private static double median(List<Map<String, Double>> runs, String key) {
        List<Double> values = runs.stream().map(m -> m.get(key)).sorted().toList();
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    // ---------------------------------------------------------------- one measurement per JVM

    private static void child(Map<String, String> options) throws Exception {
        Path data = Path.of(options.get("data"));
        String job = options.get("job");
        String variant = options.get("variant");
        Path out = Path.of(options.get("out")).resolve(variant.replace('+', '_') + "-" + job);
        deleteRecursively(out);
        Files.createDirectories(out);
        DuckDbResources resources = DuckDbResources.from(name -> switch (name) {
            case DuckDbResources.MEMORY_LIMIT -> options.get("memory");
            case DuckDbResources.THREADS -> options.get("threads");
            case DuckDbResources.TEMP_DIR -> out.resolve("spill").toAbsolutePath().toString();
            default -> null;
        }, DuckDbResources.Host.current());
        String sql = JOBS.get(job);
        List<Path> orders = files(data.resolve("orders"));
        List<Path> customers = files(data.resolve("customers"));

        // A warm worker: the driver, its native library and the classes of the code path are loaded, and both
        // variants have run once on a tiny file, before the measured job.
        Path tiny = out.resolve("tiny");
        try (DuckDbSession db = DuckDbSession.open(resources.withTempDirectory(out.resolve("tiny-tmp")))) {
            db.copyToParquet("select * from read_parquet(?) limit 100", tiny.resolve("orders.parquet"),
                    orders.getFirst().toString());
        }
        Variant run = variant.startsWith("bare") ? new Bare(resources, variant.equals("bare-unordered"))
                : new Engine(resources, out, variant, job);
        run.run(sql, List.of(tiny.resolve("orders.parquet")), customers, out.resolve("warm-up"));

        long started = System.nanoTime();
        long rows = run.run(sql, orders, customers, out.resolve("measured"));
        double jobMs = (System.nanoTime() - started) / 1e6;
        System.out.printf(Locale.ROOT, "RESULT jobMs=%.1f rssKb=%d rows=%d%n", jobMs, vmHwmKb(), rows);
    }

    /** One way of running a job. */
    private interface Variant {
        /** Runs {@code sql} over the files into {@code out}; returns the rows written. */
        long run(String sql, List<Path> orders, List<Path> customers, Path out) throws Exception;
    }

    /** A plain DuckDB JDBC program, with DuckDB's defaults or with {@code preserve_insertion_order = false}. */
    private record Bare(DuckDbResources resources, boolean unordered) implements Variant {
        @Override
        public long run(String sql, List<Path> orders, List<Path> customers, Path out) throws Exception {
            Files.createDirectories(out);
            Properties p = new Properties();
            p.setProperty("memory_limit", resources.memoryLimitSetting());
            p.setProperty("threads", Integer.toString(resources.threads()));
            p.setProperty("temp_directory", resources.tempDirectory().toString());
            if (unordered) {
                p.setProperty("preserve_insertion_order", "false");
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p); Statement s = c.createStatement()) {
                s.execute("CREATE VIEW orders AS SELECT * FROM read_parquet(" + list(orders) + ")");
                s.execute("CREATE VIEW customers AS SELECT * FROM read_parquet(" + list(customers) + ")");
                s.execute("COPY (" + sql + ") TO " + DuckDbSession.literal(out.resolve("out.parquet").toString())
                        + " (FORMAT parquet, COMPRESSION zstd)");
                try (var rs = s.getResultSet()) {
                    return rs != null && rs.next() ? rs.getLong(1) : s.getLargeUpdateCount();
                }
            }
        }
    }

    /** The transformer, with local files. */
    private static final class Engine implements Variant {
        private final DuckDbResources resources;
        private final TransformEngine engine;
        private final List<QualityCheckSpec> checks;
        private final String job;

        Engine(DuckDbResources resources, Path out, String variant, String job) {
            this.resources = resources;
            this.job = job;
            this.engine = TransformEngine.local(
                    TransformSettings.defaults().withWorkDirectory(out.resolve("work").toAbsolutePath()));
            this.checks = variant.equals("engine+checks") ? List.of(
                    new QualityCheckSpec(QualityCheckSpec.Type.ROW_COUNT, null, null, 1L, null, null, null, null, null),
                    new QualityCheckSpec(QualityCheckSpec.Type.NOT_NULL, null, null, null, null, KEYS.get(job), null,
                            null, null),
                    new QualityCheckSpec(QualityCheckSpec.Type.UNIQUE, null, null, null, null, KEYS.get(job), null,
                            null, null)) : List.of();
        }

        @Override
        public long run(String sql, List<Path> orders, List<Path> customers, Path out) {
            TransformResult result = engine.run(TransformRequest.builder()
                    .job("bench_" + job)
                    .partition(Partition.of("date", "2026-11-20"))
                    .runId("bench")
                    .output(new OutputSpec(job, job + ".sql", checks, List.of()))
                    .sql(sql, job + ".sql")
                    .input("orders", orders.stream().map(Path::toUri).toList())
                    .input("customers", customers.stream().map(Path::toUri).toList())
                    .stagingPrefix(URI.create(out.toAbsolutePath().toUri() + (out.toUri().toString().endsWith("/")
                            ? "" : "/")))
                    .resources(resources)
                    .build());
            System.err.println("  " + job + " timings " + result.timings());
            return result.rowCount();
        }
    }

    private static String list(List<Path> files) {
        return files.stream().map(f -> DuckDbSession.literal(f.toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static long vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- data

    /**
     * Deterministic order-like data of about {@code sizeMb} MB of Parquet (zstd): {@code orders/} in files of at
     * most 8 million rows, and {@code customers/}. About 10% of the orders have a second, later version.
     */
    static void generate(Path dir, int sizeMb) throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("orders"));
        Files.createDirectories(dir.resolve("customers"));
        // Calibrated on this generator: about 18 bytes of zstd Parquet per order id (10% have two versions).
        long rows = Math.max(10_000, sizeMb * 1_000_000L / 18);
        long customers = Math.max(1_000, rows / 20);
        long perFile = 8_000_000;
        DuckDbResources resources = DuckDbResources.fromEnvironment().withTempDirectory(dir.resolve("tmp"));
        try (DuckDbSession db = DuckDbSession.open(resources)) {
            for (long from = 0, file = 0; from < rows; from += perFile, file++) {
                long to = Math.min(rows, from + perFile);
                db.copyToParquet("""
                        with base as (
                            select range as order_id, (hash(range) >> 1)::bigint as h from range(%d, %d)
                        )
                        select order_id, v.version, (h %% %d)::bigint as customer_id,
                               timestamp '2026-11-20 00:00:00' + to_seconds((h >> 8) %% 86400) as order_ts,
                               (['open', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + (h >> 20) %% 5] as status,
                               (((h >> 24) %% 100000) / 100.0 + v.version)::decimal(12,2) as amount,
                               (['DE', 'FR', 'US', 'GB', 'IT', 'ES', 'NL', 'PL'])[1 + (h >> 40) %% 8] as country,
                               'note-' || ((h >> 12) %% 1000000)::varchar as note
                        from base, (select unnest([1, 2]) as version) v
                        where v.version = 1 or h %% 10 = 0""".formatted(from, to, customers),
                        dir.resolve("orders").resolve(String.format("part-%05d.parquet", file)));
            }
            db.copyToParquet("""
                    select range as customer_id,
                           (['DE', 'FR', 'US', 'GB', 'IT', 'ES', 'NL', 'PL'])[1 + (hash(range) %% 8)::bigint] as country,
                           (['consumer', 'business', 'enterprise'])[1 + ((hash(range) >> 8) %% 3)::bigint] as segment,
                           'customer-' || range::varchar as name
                    from range(%d)""".formatted(customers).replace("%%", "%"),
                    dir.resolve("customers").resolve("part-00000.parquet"));
        }
        deleteRecursively(dir.resolve("tmp"));
        Files.writeString(dir.resolve("DONE"), "");
        System.err.printf(Locale.ROOT, "generated %s: orders %.1f MiB, customers %.1f MiB%n", dir,
                sizeOf(dir.resolve("orders")) / 1048576.0, sizeOf(dir.resolve("customers")) / 1048576.0);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
