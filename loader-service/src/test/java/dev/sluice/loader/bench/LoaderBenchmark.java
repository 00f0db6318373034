package dev.sluice.loader.bench;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.StagedData;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.TargetResult;
import dev.sluice.loader.TestData;
import dev.sluice.loader.opensearch.OpenSearchNode;
import dev.sluice.loader.s3.DynamoDbDatasetVersionStore;
import dev.sluice.loader.s3.S3ParquetTarget;
import dev.sluice.loader.s3.S3ParquetTargetFactory;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Load throughput (not a test):
 *
 * <pre>
 *   LoaderBenchmark jdbc &lt;rows&gt;                 # PostgreSQL 17 (embedded), replace mode: COPY through the CopyManager
 *   LoaderBenchmark jdbc-generic &lt;rows&gt;         # the same table through batched INSERTs (the non-PostgreSQL path)
 *   LoaderBenchmark opensearch &lt;rows&gt;           # one OpenSearch 2.19 node in this JVM, bulk requests
 *   LoaderBenchmark s3 &lt;megabytes&gt; [files]       # publish a staged dataset: server-side copies + manifest + pointer
 * </pre>
 *
 * The staged Parquet is generated first (not timed); the timed part is {@link LoadTarget#load} alone. Prints one line
 * per run. See docs/benchmarks.md, "Loader", for the command lines.
 */
public final class LoaderBenchmark {

    static final Partition DAY = Partition.of("date", "2026-11-20");
    /** The rows of the JDBC and OpenSearch runs: 8 columns, like the extractor benchmark's. */
    static final String ROWS = "SELECT i AS order_id, (i % 100000)::INTEGER AS customer_id, "
            + "TIMESTAMPTZ '2026-11-20 00:00:00+00' + to_seconds(i % 86400) AS order_ts, "
            + "['paid', 'shipped', 'cancelled', 'returned'][(i % 4) + 1] AS status, "
            + "((i % 100000) / 100.0)::DECIMAL(18,2) AS amount, DATE '2026-11-20' AS date, "
            + "md5(i::VARCHAR) AS note, (i % 7 = 0) AS flagged FROM range(?) t(i)";

    private LoaderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoaderBenchmark jdbc|jdbc-generic|opensearch <rows> | s3 <megabytes> [files]");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("sluice-loader-bench");
        try {
            switch (args[0]) {
                case "jdbc" -> jdbc(Long.parseLong(args[1]), "auto", dir);
                case "jdbc-generic" -> jdbc(Long.parseLong(args[1]), "generic", dir);
                case "opensearch" -> opensearch(Long.parseLong(args[1]), dir);
                case "s3" -> s3(Long.parseLong(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1, dir);
                default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    static DuckDbResources duckDb(Path dir) {
        return DuckDbResources.fromEnvironment().withTempDirectory(dir.resolve("spill"));
    }

    /** Generates the staged Parquet of {@code rows} rows locally. */
    static LoadRequest localRows(long rows, Path dir) {
        long started = System.nanoTime();
        Path file = dir.resolve("staged/part-00000.parquet");
        DatasetSchema schema;
        try (DuckDbSession db = DuckDbSession.open(duckDb(dir))) {
            db.copyToParquet(ROWS, file, rows);
            schema = db.describe("read_parquet(?)", List.of(file.toString()));
        }
        StagedOutput staged = new StagedOutput("orders_facts", URI.create("s3://bench/staging/"),
                List.of(URI.create("s3://bench/staging/part-00000.parquet")), rows, TestData.size(file), schema);
        System.err.printf(Locale.ROOT, "setup: %d rows, %.1f MiB of Parquet generated in %.1f s%n", rows,
                staged.bytes() / 1048576.0, (System.nanoTime() - started) / 1e9);
        return new LoadRequest("bench", "run-1", 1, DAY, staged, StagedData.local(staged, List.of(file), dir.resolve("work")));
    }

    static TargetContext context(Map<String, String> configuration, AwsClients aws, String bucket, Path dir) {
        return new TargetContext(configuration::get, () -> aws, duckDb(dir), SecretResolvers.fromConfiguration(configuration::get),
                null, bucket == null ? "bench" : bucket, Clock.systemUTC(), "bench.target");
    }

    private static void jdbc(long rows, String dialect, Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            LoadRequest request = localRows(rows, dir);
            LoadTarget target = TargetRegistry.load().create(new ComponentSpec("jdbc", Map.of("connection", "bench",
                    "table", "orders_facts", "createTable", true, "dialect", dialect)),
                    context(Map.of("SLUICE_JDBC_BENCH_URL", url, "SLUICE_JDBC_BENCH_USER", "postgres"), null, null, dir));
            TargetResult result = timed("jdbc (" + dialect + ")", request, target);
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM orders_facts")) {
                rs.next();
                check(rs.getLong(1) == rows && result.rows() == rows, "table has " + rs.getLong(1) + " rows");
            }
        }
    }

    private static void opensearch(long rows, Path dir) throws Exception {
        try (OpenSearchNode node = OpenSearchNode.start()) {
            LoadRequest request = localRows(rows, dir);
            LoadTarget target = TargetRegistry.load().create(new ComponentSpec("opensearch", Map.of("index", "orders-facts",
                    "id", List.of("order_id"))), context(Map.of("SLUICE_OPENSEARCH_URL", node.url()), null, null, dir));
            TargetResult result = timed("opensearch", request, target);
            check(result.rows() == rows, "indexed " + result.rows() + " documents");
        }
    }

    private static void s3(long megabytes, int files, Path dir) throws Exception {
        try (AwsStack stack = AwsStacks.start()) {
            AwsClients aws = stack.clients();
            String env = TestData.env("bench");
            Topology topology = TestData.provisionTables(aws, env);
            String bucket = topology.buckets().getFirst();
            long started = System.nanoTime();
            // Incompressible text (md5 hex of random numbers): about 38 bytes of zstd Parquet per row.
            long rowsPerFile = Math.max(1, megabytes * 1024 * 1024 / files / 38);
            List<URI> staged = new ArrayList<>();
            long bytes = 0;
            DatasetSchema schema = null;
            StagingLayout layout = new StagingLayout(bucket);
            for (int f = 0; f < files; f++) {
                Path file = dir.resolve("staged-" + f + ".parquet");
                try (DuckDbSession db = DuckDbSession.open(duckDb(dir))) {
                    db.copyToParquet("SELECT i AS id, md5(random()::VARCHAR) AS a, md5(random()::VARCHAR) AS b FROM range(?) t(i)", file, rowsPerFile);
                    schema = db.describe("read_parquet(?)", List.of(file.toString()));
                }
                S3ObjectRef up = new S3Transfer(aws).upload(file, layout.file("bench", DAY, "run-1", Stage.TRANSFORM, f));
                staged.add(up.uri().toUri());
                bytes += up.size();
                Files.delete(file);
            }
            StagedOutput output = new StagedOutput("orders_facts", layout.prefix("bench", DAY, "run-1", Stage.TRANSFORM).toUri(), staged,
                    rowsPerFile * files, bytes, schema);
            System.err.printf(Locale.ROOT, "setup: %d file(s), %.1f MiB of Parquet generated and uploaded in %.1f s%n", files,
                    bytes / 1048576.0, (System.nanoTime() - started) / 1e9);
            S3ParquetTarget target = S3ParquetTargetFactory.datasetLocation(context(Map.of(), aws, bucket, dir),
                    new DynamoDbDatasetVersionStore(aws.dynamoDb(), topology.table(TableRole.DATASET_VERSIONS).name()));
            LoadRequest request = new LoadRequest("bench", "run-1", 1, DAY, output,
                    new StagedData(output, () -> new S3Transfer(aws), dir.resolve("work")));
            long t0 = System.nanoTime();
            TargetResult result = target.load(request);
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(result.status() == TargetResult.Status.LOADED && result.bytes() == bytes, "published " + result.bytes() + " bytes");
            System.out.printf(Locale.ROOT, "s3: %d file(s), %.1f MiB published (copy + manifest + pointer) in %.2f s = %.0f MiB/s; %s%n",
                    files, bytes / 1048576.0, seconds, bytes / 1048576.0 / seconds, result.manifest());
        }
    }

    private static TargetResult timed(String name, LoadRequest request, LoadTarget target) {
        long before = peakRssKb();
        long started = System.nanoTime();
        TargetResult result = target.load(request);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d rows in %.2f s = %.0f rows/s; Parquet %.1f MiB; peak RSS %.0f MiB (before %.0f MiB); -Xmx %d MiB%n",
                name, result.rows(), seconds, result.rows() / seconds, request.staged().bytes() / 1048576.0, peakRssKb() / 1024.0,
                before / 1024.0, Runtime.getRuntime().maxMemory() / 1048576);
        return result;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

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
