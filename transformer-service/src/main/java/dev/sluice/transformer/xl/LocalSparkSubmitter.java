package dev.sluice.transformer.xl;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Spark driver in local mode in a child JVM ({@code --master local[N]}), for development, tests and a
 * single machine: the class path must hold the driver jar and Spark's jars ({@code SLUICE_SPARK_LOCAL_CLASSPATH}).
 * The request and result are local files ({@code file:} locations).
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

    /**
     * @param classpath the driver's and Spark's jars
     * @param master    e.g. {@code local[2]}
     * @param maxHeap   the child's {@code -Xmx}, e.g. {@code 2g}
     * @param timeout   how long the job may run
     */
    public LocalSparkSubmitter(String classpath, String master, String maxHeap, Duration timeout) {
        this.classpath = Objects.requireNonNull(classpath, "classpath");
        this.master = Objects.requireNonNull(master, "master");
        this.maxHeap = Objects.requireNonNull(maxHeap, "maxHeap");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public SparkJobResult run(SparkJobRequest request) {
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
