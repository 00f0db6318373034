package dev.sluice.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.topology.QueueRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (the JDK's {@code com.sun.net.httpserver}), on 127.0.0.1 unless told otherwise.
 *
 * <p>Reads are GETs. The one state-changing action, a DLQ redrive, is a POST that is refused unless the console was
 * started with {@code --allow-changes}, and then needs all of: the confirmation box, a CSRF token that matches both
 * the form and the {@code SameSite=Strict} cookie the console set, and an {@code Origin} (when the browser sends
 * one) of the console itself. Every request must name the console in its {@code Host} header, so that a page of
 * another site cannot reach it through a DNS name rebound to 127.0.0.1.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** The CSRF cookie's name prefix; the port follows, since cookies do not tell the ports of one host apart. */
    static final String CSRF_COOKIE = "sluice_csrf_";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConsoleData data;
    private final ConsolePages pages;
    private final boolean allowChanges;
    private final String csrfToken;
    private final Set<String> hosts;

    private ConsoleServer(HttpServer server, ConsoleData data, boolean allowChanges, int refreshSeconds) {
        this.server = server;
        this.data = data;
        this.allowChanges = allowChanges;
        this.pages = new ConsolePages(data, allowChanges, refreshSeconds);
        byte[] token = new byte[32];
        new SecureRandom().nextBytes(token);
        this.csrfToken = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        int port = server.getAddress().getPort();
        String bound = server.getAddress().getAddress().getHostAddress();
        this.hosts = Set.copyOf(List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port,
                (bound.contains(":") ? "[" + bound + "]" : bound) + ":" + port));
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "console-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts serving {@code data} on {@code bind}:{@code port} (0 takes any free port). */
    static ConsoleServer start(ConsoleData data, String bind, int port, boolean allowChanges, int refreshSeconds) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
        ConsoleServer console = new ConsoleServer(http, data, allowChanges, refreshSeconds);
        http.start();
        return console;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, e.g. {@code http://127.0.0.1:8321/}. */
    String address() {
        String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, String html) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = route(exchange);
        } catch (IllegalArgumentException e) {
            response = new Response(400, pages.message("Bad request", e.getMessage(), "refused"));
        } catch (RuntimeException e) {
            LOG.error("console: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = new Response(500, pages.message("Error", e.getClass().getSimpleName() + ": " + e.getMessage(), "error"));
        }
        byte[] body = response.html().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer a browser posts the form with "Origin: null", which is refused.
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
        headers.add("Set-Cookie", CSRF_COOKIE + port() + "=" + csrfToken + "; Path=/; HttpOnly; SameSite=Strict");
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.toLowerCase())) {
            return new Response(403, pages.message("Refused", "refused: Host '" + host + "' is not this console (expected one of "
                    + hosts.stream().sorted().toList() + ")", "refused"));
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        List<String> parts = segments(path);
        if (method.equals("POST")) {
            return post(exchange, parts);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(405, pages.message("Not allowed", "method " + method + " is not allowed", "refused"));
        }
        if (parts.isEmpty()) {
            return new Response(200, pages.dag());
        }
        switch (parts.getFirst()) {
            case "jobs" -> {
                if (parts.size() == 2) {
                    Optional<JobSpec> job = data.specs().findJob(parts.get(1));
                    return job.map(j -> new Response(200, pages.grid(j)))
                            .orElseGet(() -> new Response(404, pages.message("No such job", "no job '" + parts.get(1) + "' in the specs", "refused")));
                }
            }
            case "runs" -> {
                if (parts.size() == 2) {
                    String runId = parts.get(1);
                    return data.run(runId).map(r -> new Response(200, pages.run(r, data.stages(runId))))
                            .orElseGet(() -> new Response(404, pages.noRun(runId)));
                }
            }
            case "problems" -> {
                return new Response(200, pages.problems());
            }
            case "dlq" -> {
                if (parts.size() == 1) {
                    return new Response(200, pages.queues());
                }
                QueueRole role = DeadLetterQueues.role(parts.get(1));
                if (parts.size() == 2) {
                    return new Response(200, pages.deadLetters(role, filter(query)));
                }
                if (parts.size() == 3 && parts.get(2).equals("redrive")) {
                    return new Response(200, pages.dryRun(role, filter(query), csrfToken));
                }
            }
            default -> {
            }
        }
        return new Response(404, pages.message("Not found", "no page " + path, "refused"));
    }

    private Response post(HttpExchange exchange, List<String> parts) throws IOException {
        if (!(parts.size() == 3 && parts.get(0).equals("dlq") && parts.get(2).equals("redrive"))) {
            return new Response(404, pages.message("Not found", "nothing to post to at " + exchange.getRequestURI().getRawPath(), "refused"));
        }
        if (!allowChanges) {
            return new Response(403, pages.message("Refused", "refused: state-changing actions are off; start the console with --allow-changes "
                    + "to redrive from here (or use sluice dlq redrive)", "refused"));
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !origin.startsWith("http://") || origin != null && !hosts.contains(origin.substring("http://".length()).toLowerCase())) {
            return new Response(403, pages.message("Refused", "refused: Origin '" + origin + "' is not this console", "refused"));
        }
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(16 * 1024);
        }
        Map<String, String> form = form(new String(raw, StandardCharsets.UTF_8));
        String cookie = cookie(exchange, CSRF_COOKIE + port());
        String token = form.get("csrf");
        if (token == null || cookie == null || !same(token, csrfToken) || !same(cookie, csrfToken)) {
            return new Response(403, pages.message("Refused", "refused: the form's csrf token is missing or does not match this console's "
                    + "(reload the page and try again)", "refused"));
        }
        if (!"yes".equals(form.get("confirm"))) {
            return new Response(400, pages.message("Not confirmed", "refused: confirm is '" + form.getOrDefault("confirm", "") + "', not 'yes':"
                    + " tick the confirmation box to redrive", "refused"));
        }
        QueueRole role = DeadLetterQueues.role(parts.get(1));
        DeadLetterQueues.Redrive done = data.redrive(role, filter(form), ConsolePages.REDRIVE_MAX, false);
        LOG.info("console: redrove {} message(s) of {} to {}", done.letters().size(), role.suffix(), done.target());
        return new Response(200, pages.redone(done));
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetterQueues.Filter filter(Map<String, String> form) {
        return new DeadLetterQueues.Filter(form.get("job"), form.get("type"), form.get("error"));
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    private static List<String> segments(String rawPath) {
        return java.util.Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            out.putIfAbsent(key, kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }
}
