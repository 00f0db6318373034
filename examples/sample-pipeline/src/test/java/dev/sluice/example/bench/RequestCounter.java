package dev.sluice.example.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests of a service process (each HTTP attempt, retries included) by service and operation: an
 * SDK global interceptor that {@link ScaleBenchmark} puts on a service's class path only (a jar with this class and
 * the SDK's {@code software/amazon/awssdk/global/handlers/execution.interceptors} file), so the service's code is
 * unchanged. With the system property {@code sluice.bench.requestCounts} (a directory) it writes its counts to
 * {@code <dir>/<pid>.properties} every 500 ms and at exit. Only the benchmark's own dependencies: the AWS SDK core.
 */
public final class RequestCounter implements ExecutionInterceptor {
    public static final String DIRECTORY_PROPERTY = "sluice.bench.requestCounts";
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    static {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir != null) {
            Path file = Path.of(dir, ProcessHandle.current().pid() + ".properties");
            Thread writer = new Thread(() -> {
                while (true) {
                    write(file);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "request-counter");
            writer.setDaemon(true);
            writer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(file), "request-counter-exit"));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
    }

    private static synchronized void write(Path file) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(COUNTS).forEach((k, v) -> out.append(k).append('=').append(v.sum()).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, out);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // best effort: the benchmark reports what it finds
        }
    }
}
