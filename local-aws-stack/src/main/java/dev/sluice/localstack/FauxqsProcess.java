package dev.sluice.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fauxqs (SNS, SQS and S3 on one port) as a child {@code node} process on 127.0.0.1.
 *
 * <p>The launcher picks a free port and announces it on stdout. Its stderr goes to a log file. The process is
 * ended by {@link #close()}, by a JVM shutdown hook, and, should the JVM die without running hooks, by the
 * launcher itself when its stdin (held open by this JVM) closes.
 */
final class FauxqsProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FauxqsProcess.class);
    private static final Pattern LISTENING = Pattern.compile("\\{\"fauxqs\":\"listening\",\"port\":(\\d+)}");
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final Process process;
    private final OutputStream stdin;
    private final Path logFile;
    private final String version;
    private final Thread shutdownHook;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private volatile boolean stopped;

    private FauxqsProcess(Process process, Path logFile, String version) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.logFile = logFile;
        this.version = version;
        this.shutdownHook = new Thread(this::stop, "fauxqs-shutdown-" + process.pid());
    }

    private FauxqsProcess watch() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread reader = new Thread(this::readStdout, "fauxqs-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> port.completeExceptionally(new IllegalStateException(
                "fauxqs exited with code " + process.exitValue() + " before it was ready")));
        return this;
    }

    /**
     * Launches fauxqs without waiting for it; call {@link #awaitReady(Duration)} next. Installs its npm
     * package first if needed.
     */
    static FauxqsProcess launch() {
        NodeRuntime node = NodeRuntime.locate();
        FauxqsInstallation installation = FauxqsInstallation.locate();
        Path logFile = StackFiles.logDirectory().resolve("fauxqs-" + ProcessHandle.current().pid() + ".log");
        installation.ensureInstalled(node, logFile);
        String version = installation.pinnedVersion();
        ProcessBuilder builder = new ProcessBuilder(node.node().toString(), installation.launcher().toString(), "0")
                .directory(installation.directory().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("NODE_ENV", "production");
        try {
            Process process = builder.start();
            LOG.debug("Started fauxqs launcher (pid {}) from {}; log {}", process.pid(), installation, logFile);
            return new FauxqsProcess(process, logFile, version).watch();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + node.node() + " " + installation.launcher(), e);
        }
    }

    /** Waits until fauxqs listens and answers its health check; returns its endpoint. Stops it on failure. */
    URI awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int listeningPort = port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            URI endpoint = URI.create("http://127.0.0.1:" + listeningPort);
            awaitHealthy(endpoint, deadline);
            return endpoint;
        } catch (TimeoutException e) {
            throw startFailure("fauxqs did not start within " + timeout.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            throw startFailure(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw startFailure("Interrupted while waiting for fauxqs", e);
        } catch (RuntimeException e) {
            throw startFailure(e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    String version() {
        return version;
    }

    Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            stdin.close(); // the launcher exits on EOF
        } catch (IOException ignored) {
            // it is going away regardless
        }
        if (!ProcessTrees.waitFor(process, Duration.ofMillis(1500))) {
            if (!ProcessTrees.destroy(process, STOP_GRACE)) {
                LOG.warn("fauxqs (pid {}) did not exit", process.pid());
            }
        }
        LOG.debug("fauxqs (pid {}) stopped", process.pid());
    }

    private void awaitHealthy(URI endpoint, long deadline) throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            awaitHealthy(http, endpoint, deadline);
        }
    }

    private void awaitHealthy(HttpClient http, URI endpoint, long deadline) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("fauxqs at " + endpoint + " failed its health check (" + last + ")");
    }

    private IllegalStateException startFailure(String message, Throwable cause) {
        close();
        return new IllegalStateException(message + ". Last lines of " + logFile + ":" + System.lineSeparator()
                + StackFiles.tail(logFile, 20), cause);
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line.trim());
                if (!port.isDone() && matcher.matches()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                } else {
                    LOG.debug("fauxqs: {}", line);
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                LOG.debug("Stopped reading fauxqs output: {}", e.toString());
            }
        }
    }
}
