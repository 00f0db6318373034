package dev.sluice.spark;

import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark application of an {@code xl} transform:
 * {@code SparkTransformDriver --job <uri of a SparkJobRequest> [--master local[N]]}.
 *
 * <p>On EMR Serverless the job runs with the cluster's Spark ({@code --class dev.sluice.spark.SparkTransformDriver}
 * and this jar as the entry point); locally, with {@code --master local[N]} in a child JVM. It writes its
 * {@link SparkJobResult} to the request's result location and exits 0 when the output is staged, 1 when the job
 * failed (the result says why), 2 when the request cannot be read or the result cannot be written.
 */
public final class SparkTransformDriver {

    private SparkTransformDriver() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String job = null;
        String master = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--job" -> job = args[i + 1];
                case "--master" -> master = args[i + 1];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (job == null) {
            System.err.println("usage: SparkTransformDriver --job <uri> [--master local[N]]");
            return 2;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("sluice-xl")
                .config("spark.sql.session.timeZone", "UTC"); // as the DuckDB transformer
        if (master != null) {
            builder = local(builder.master(master));
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            SparkJobRequest request;
            try {
                request = SparkJobRequest.fromJson(read(job, hadoop));
            } catch (IOException | RuntimeException e) {
                System.err.println("cannot read the job request " + job + ": " + e.getMessage());
                return 2;
            }
            SparkJobResult result = new SparkTransform(spark).run(request);
            try {
                write(request.resultLocation(), result.toJson(), hadoop);
            } catch (IOException e) {
                System.err.println("cannot write the result to " + request.resultLocation() + ": " + e.getMessage());
                return 2;
            }
            return result.succeeded() ? 0 : 1;
        } finally {
            spark.stop();
        }
    }

    /** Settings for Spark in local mode: no UI, one shuffle partition per core, no checksum files. */
    public static SparkSession.Builder local(SparkSession.Builder builder) {
        return builder.config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
                .config("spark.hadoop.fs.file.impl.disable.cache", "true");
    }

    static String read(String location, Configuration hadoop) throws IOException {
        Path path = new Path(location);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void write(String location, String text, Configuration hadoop) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(hadoop);
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
