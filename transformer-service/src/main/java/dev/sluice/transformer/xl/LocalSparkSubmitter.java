package dev.sluice.transformer.xl;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.WorkDirectories;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Spark driver in local mode in a child JVM ({@code --master local[N]}), for development, tests and a
 * single machine: the class path must hold the driver jar and Spark's jars ({@code SLUICE_SPARK_LOCAL_CLASSPATH}).
 * The driver reads and writes local files ({@code file:} locations). A request over S3 (the transformer's: inputs
 * and staging prefix {@code s3://}) needs an {@link S3Transfer}: its inputs are downloaded to a work directory, the
 * driver runs over the local copies, and the staged Parquet files are uploaded to the staging prefix (its earlier
 * objects, a retry's, deleted first), with the request, result and driver log beside it, as on EMR Serverless.
 */
public final class LocalSparkSubmitter implements SparkSubmitter {

    /** The JVM flags Spark needs on JDK 17 and later. */
    public static final List<String> SPARK_JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");
    public static final String DRIVER_CLASS = "dev.sluice.spark.SparkTransformDriver";

    private final String classpath;
    private final String master;
    private final String maxHeap;
    private final Duration timeout;
    private final S3Transfer transfer;
    private final Path workRoot;

    /** A submitter of requests over local files only. */
    public LocalSparkSubmitter(String classpath, String master, String maxHeap, Duration timeout) {
        this(classpath, master, maxHeap, timeout, null, null);
    }

    /**
     * @param classpath the driver's and Spark's jars
     * @param master    e.g. {@code local[2]}
     * @param maxHeap   the child's {@code -Xmx}, e.g. {@code 2g}
     * @param timeout   how long the job may run
     * @param transfer  S3 access for requests over S3; null when every location is local
     * @param workRoot  where S3 inputs and the staged output are kept while the driver runs (with {@code transfer})
     */
    public LocalSparkSubmitter(String classpath, String master, String maxHeap, Duration timeout, S3Transfer transfer,
            Path workRoot) {
        this.classpath = Objects.requireNonNull(classpath, "classpath");
        this.master = Objects.requireNonNull(master, "master");
        this.maxHeap = Objects.requireNonNull(maxHeap, "maxHeap");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (transfer != null) {
            Objects.requireNonNull(workRoot, "workRoot");
        }
        this.transfer = transfer;
        this.workRoot = workRoot;
    }

    @Override
    public SparkJobResult run(SparkJobRequest request) {
        boolean overS3 = request.stagingPrefix().startsWith("s3://")
                || request.inputs().values().stream().flatMap(List::stream).anyMatch(l -> l.startsWith("s3://"));
        if (!overS3) {
            return runLocally(request);
        }
        if (transfer == null) {
            throw new ClassifiedException(ErrorClass.INVALID_SETTINGS, "job " + request.job()
                    + ": the local Spark driver reads local files; this submitter has no S3 access for "
                    + request.stagingPrefix(), null);
        }
        Path work = WorkDirectories.create(workRoot, "xl-" + request.job().replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        try {
            return overS3(request, work);
        } finally {
            WorkDirectories.delete(work);
        }
    }

    /** Runs {@code request} (S3 inputs and staging) over local copies in {@code work}. */
    private SparkJobResult overS3(SparkJobRequest request, Path work) {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        int view = 0;
        for (Map.Entry<String, List<String>> input : request.inputs().entrySet()) {
            List<String> local = new ArrayList<>();
            List<S3ObjectRef> objects = new ArrayList<>();
            for (String location : input.getValue()) {
                if (!location.startsWith("s3://")) {
                    local.add(location);
                    continue;
                }
                S3Uri uri = S3Uri.parse(location);
                boolean prefix = uri.key().isEmpty() || uri.key().endsWith("/") || uri.isGlob();
                objects.addAll(transfer.resolve(uri, key -> !prefix || key.endsWith(".parquet"), Long.MAX_VALUE));
            }
            Path dir = work.resolve("inputs").resolve(String.format("%03d", view++));
            for (S3Transfer.Downloaded d : transfer.download(objects, dir)) {
                local.add(d.file().toUri().toString());
            }
            inputs.put(input.getKey(), local);
        }
        Path staging = work.resolve("staging");
        Path control = work.resolve("control");
        SparkJobRequest localRequest = new SparkJobRequest(request.job(), request.dataset(), request.runId(),
                request.generation(), request.params(), inputs, request.emptyInputs(), request.sql(), request.sqlFile(),
                directoryUri(staging), control.resolve("result.json").toUri().toString(), request.checks(),
                request.contract());
        SparkJobResult result = runLocally(localRequest);

        S3Uri stagingPrefix = S3Uri.parse(request.stagingPrefix());
        transfer.deletePrefix(stagingPrefix); // a retry's files
        List<String> files = new ArrayList<>();
        for (String file : result.files()) {
            Path local = Path.of(URI.create(file));
            S3Uri target = stagingPrefix.resolve(staging.relativize(local).toString().replace('\\', '/'));
            transfer.upload(local, target);
            files.add(target.toString());
        }
        SparkJobResult uploaded = new SparkJobResult(result.succeeded(), result.errorClass(), result.message(), files,
                result.columns(), result.rows(), result.bytes(), result.checks());
        if (request.resultLocation().startsWith("s3://")) {
            try {
                Files.writeString(control.resolve("result.json"), uploaded.toJson());
                Files.writeString(control.resolve("job.json"), request.toJson());
            } catch (IOException e) {
                throw new ClassifiedException(ErrorClass.QUERY_FAILED, true, "job " + request.job()
                        + ": could not write the Spark driver's result: " + e.getMessage(), e);
            }
            S3Uri result0 = S3Uri.parse(request.resultLocation());
            S3Uri controlPrefix = new S3Uri(result0.bucket(), result0.key().substring(0, result0.key().lastIndexOf('/') + 1));
            transfer.uploadTo(control, controlPrefix);
        }
        return uploaded;
    }

    private static String directoryUri(Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /** Runs {@code request}, whose locations are local files, in the child JVM. */
    private SparkJobResult runLocally(SparkJobRequest request) {
        Path result = Path.of(URI.create(request.resultLocation()));
        Path job = result.resolveSibling("job.json");
        Path log = result.resolveSibling("driver.log");
        try {
            Files.createDirectories(result.getParent());
            Files.deleteIfExists(result);
            Files.writeString(job, request.toJson());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + maxHeap);
            command.addAll(SPARK_JVM_FLAGS);
            command.addAll(List.of("-cp", classpath, DRIVER_CLASS, "--job", job.toUri().toString(), "--master", master));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ClassifiedException(ErrorClass.QUERY_FAILED, true, "job " + request.job()
                        + ": the local Spark driver did not finish within " + timeout + " (log: " + log + ")", null);
            }
            if (!Files.exists(result)) {
                throw new ClassifiedException(ErrorClass.QUERY_FAILED, "job " + request.job()
                        + ": the local Spark driver exited with " + process.exitValue() + " and no result: "
                        + tail(log), null);
            }
            return SparkJobResult.fromJson(Files.readString(result));
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.QUERY_FAILED, "job " + request.job()
                    + ": could not run the local Spark driver: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifiedException(ErrorClass.QUERY_FAILED, true, "interrupted waiting for Spark", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
