package dev.sluice.runtime.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The probes of a service in container mode, on the JDK's own HTTP server (no web framework):
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs (a liveness probe);
 *   <li>{@code GET /health/ready}: 200 when {@code ready} says so, else 503 (a readiness probe);
 *   <li>anything else: 404; a method other than GET or HEAD: 405.
 * </ul>
 * It listens on every interface, so an orchestrator can reach it from outside the container.
 */
public final class HealthEndpoints implements AutoCloseable {
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves the probes on {@code port} (0: any free port) until {@link #close()}.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public static HealthEndpoints start(int port, BooleanSupplier ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("health endpoints: cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-health");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    respond(exchange, 405, "method not allowed: " + method);
                } else if (path.equals(LIVE)) {
                    respond(exchange, 200, "live");
                } else if (path.equals(READY)) {
                    boolean isReady = ready.getAsBoolean();
                    respond(exchange, isReady ? 200 : 503, isReady ? "ready" : "not ready");
                } else {
                    respond(exchange, 404, "not found: " + path + " (probes: " + LIVE + ", " + READY + ")");
                }
            }
        });
        server.start();
        return new HealthEndpoints(server, executor);
    }

    /** The port the probes listen on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
