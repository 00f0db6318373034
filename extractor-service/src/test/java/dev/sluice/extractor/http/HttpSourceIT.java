package dev.sluice.extractor.http;

import static dev.sluice.extractor.TestSources.rows;
import static dev.sluice.extractor.TestSources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.SourceRegistry;
import dev.sluice.extractor.TestSources;
import dev.sluice.spec.model.ComponentSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP source against a local server on 127.0.0.1: three kinds of pagination, retries, timeouts, auth. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSourceIT {

    private static final String TOKEN = "tok-9f8e7d6c5b4a";

    private HttpServer server;
    private ExecutorService executor;
    private String api;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger flaky = new AtomicInteger();
    private final AtomicInteger broken = new AtomicInteger();
    @TempDir
    Path dir;

    @BeforeAll
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        api = "http://127.0.0.1:" + server.getAddress().getPort();

        // ?page=N&size=2: two full pages, then a short one.
        server.createContext("/page", ex -> {
            Map<String, String> q = query(ex);
            int page = Integer.parseInt(q.get("page"));
            String items = switch (page) {
                case 1 -> "{\"id\":1,\"dest\":{\"city\":\"Berlin\"}},{\"id\":2,\"dest\":{\"city\":\"Paris\"}}";
                case 2 -> "{\"id\":3,\"dest\":{\"city\":\"Rome\"}},{\"id\":4,\"dest\":{\"city\":\"Oslo\"}}";
                case 3 -> "{\"id\":5,\"dest\":{\"city\":\"Lima\"}}";
                default -> "";
            };
            respond(ex, 200, "{\"meta\":{\"page\":" + page + "},\"data\":{\"rows\":[" + items + "]}}");
        });
        // ?cursor=X: the cursor comes after the items, and is null at the end.
        server.createContext("/cursor", ex -> {
            String cursor = query(ex).getOrDefault("cursor", "");
            String body = switch (cursor) {
                case "" -> "{\"items\":[{\"id\":\"a\",\"n\":1}],\"next_cursor\":\"c/2 +\"}";
                case "c/2 +" -> "{\"items\":[{\"id\":\"b\",\"n\":2},{\"id\":\"c\",\"n\":3}],\"next_cursor\":\"c3\"}";
                case "c3" -> "{\"next_cursor\":null,\"items\":[{\"id\":\"d\",\"n\":4}]}";
                default -> "{\"items\":[]}";
            };
            respond(ex, 200, body);
        });
        // Link: <...>; rel="next", relative, with a top-level array.
        server.createContext("/link", ex -> {
            int p = Integer.parseInt(query(ex).getOrDefault("p", "1"));
            if (p < 3) {
                ex.getResponseHeaders().add("Link", "</link?p=" + (p + 1) + ">; rel=\"next\", </link?p=1>; rel=\"first\"");
            }
            respond(ex, 200, "[{\"p\":" + p + ",\"v\":\"x" + p + "\"}]");
        });
        // 429 with Retry-After, then 503, then OK.
        server.createContext("/flaky", ex -> {
            int attempt = flaky.incrementAndGet();
            if (attempt == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                respond(ex, 429, "{\"error\":\"slow down\"}");
            } else if (attempt == 2) {
                respond(ex, 503, "{\"error\":\"unavailable\"}");
            } else {
                respond(ex, 200, "[{\"ok\":true}]");
            }
        });
        server.createContext("/broken", ex -> {
            broken.incrementAndGet();
            respond(ex, 500, "{\"error\":\"boom\"}");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "[]");
        });
        server.createContext("/secure", ex -> {
            if (("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                respond(ex, 200, "{\"items\":[{\"secret_ok\":1}]}");
            } else {
                respond(ex, 401, "{\"error\":\"unauthorized\"}");
            }
        });
        server.createContext("/missing", ex -> respond(ex, 404, "{\"error\":\"no such thing\"}"));
        server.start();
    }

    @AfterAll
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void respond(HttpExchange ex, int status, String body) throws IOException {
        requests.add(ex.getRequestURI().toString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new java.util.HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private ExtractResult extract(ComponentSpec spec) throws IOException {
        Path work = Files.createTempDirectory(dir, "work");
        return SourceRegistry.load().create(spec, TestSources.context(config(), null, dir))
                .extract(new ExtractRequest("extract_shipments", Partition.of("date", "2026-11-20"), "run-1"), work);
    }

    /**
     * Connections to the local server: {@code api} (no auth), {@code secure} and {@code wrong} (a right and a wrong
     * token), all allowed plain HTTP and a loopback address as a test endpoint must be; {@code public} is not allowed
     * the loopback address, and {@code metadata} points at the cloud metadata address.
     */
    private Map<String, String> config() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "SLUICE_SECRET_API_TOKEN", TOKEN, "SLUICE_SECRET_WRONG_TOKEN", "nope-" + TOKEN));
        for (String name : List.of("API", "SECURE", "WRONG")) {
            config.put("SLUICE_HTTP_" + name + "_URL", api);
            config.put("SLUICE_HTTP_" + name + "_ALLOW_INSECURE", "true");
            config.put("SLUICE_HTTP_" + name + "_ALLOW_PRIVATE_ADDRESSES", "true");
        }
        config.put("SLUICE_HTTP_SECURE_AUTH_REF", "env:SLUICE_SECRET_API_TOKEN");
        config.put("SLUICE_HTTP_SECURE_AUTH_PREFIX", "Bearer ");
        config.put("SLUICE_HTTP_WRONG_AUTH_REF", "env:SLUICE_SECRET_WRONG_TOKEN");
        config.put("SLUICE_HTTP_WRONG_AUTH_PREFIX", "Bearer ");
        config.put("SLUICE_HTTP_PUBLIC_URL", api);
        config.put("SLUICE_HTTP_PUBLIC_ALLOW_INSECURE", "true");
        config.put("SLUICE_HTTP_PUBLIC_AUTH_REF", "env:SLUICE_SECRET_API_TOKEN");
        config.put("SLUICE_HTTP_METADATA_URL", "http://169.254.169.254/latest");
        config.put("SLUICE_HTTP_METADATA_ALLOW_INSECURE", "true");
        config.put("SLUICE_HTTP_METADATA_AUTH_REF", "env:SLUICE_SECRET_API_TOKEN");
        return config;
    }

    private List<Object> column(ExtractResult result, String sql) {
        return rows(result.parquetFile(), sql, dir).stream().map(r -> r.values().iterator().next()).toList();
    }

    @Test
    void pagesByNumberUntilAShortPage() throws IOException {
        requests.clear();
        ExtractResult result = extract(spec("http", "connection", "api", "path", "/page?date={date}", "recordsPath", "$.data.rows",
                "pagination", Map.of("type", "page", "pageParam", "page", "startPage", 1, "sizeParam", "size", "size", 2)));
        assertThat(result.rowCount()).isEqualTo(5);
        assertThat(requests).containsExactly("/page?date=2026-11-20&page=1&size=2", "/page?date=2026-11-20&page=2&size=2",
                "/page?date=2026-11-20&page=3&size=2");
        assertThat(result.schema().columns()).extracting(DatasetSchema.Column::type)
                .containsExactly("BIGINT", "STRUCT(city VARCHAR)");
        assertThat(column(result, "SELECT dest.city FROM read_parquet(?) ORDER BY id"))
                .containsExactly("Berlin", "Paris", "Rome", "Oslo", "Lima");
    }

    @Test
    void followsACursorFromTheBody() throws IOException {
        requests.clear();
        ExtractResult result = extract(spec("http", "connection", "api", "path", "/cursor?date={date}", "recordsPath", "$.items",
                "pagination", Map.of("type", "cursor", "cursorPath", "$.next_cursor", "cursorParam", "cursor")));
        assertThat(column(result, "SELECT id || ':' || n FROM read_parquet(?) ORDER BY n"))
                .containsExactly("a:1", "b:2", "c:3", "d:4");
        assertThat(requests).containsExactly("/cursor?date=2026-11-20", "/cursor?date=2026-11-20&cursor=c%2F2+%2B",
                "/cursor?date=2026-11-20&cursor=c3");
    }

    @Test
    void followsLinkHeaders() throws IOException {
        ExtractResult result = extract(spec("http", "connection", "api", "path", "/link", "recordsPath", "$",
                "pagination", Map.of("type", "link")));
        assertThat(column(result, "SELECT v FROM read_parquet(?) ORDER BY p")).containsExactly("x1", "x2", "x3");
    }

    @Test
    void retriesTooManyRequestsHonouringRetryAfterThenServerErrors() throws IOException {
        flaky.set(0);
        long started = System.nanoTime();
        ExtractResult result = extract(spec("http", "connection", "api", "path", "/flaky", "maxRetries", 3,
                "initialBackoff", "10ms", "maxBackoff", "50ms"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(flaky.get()).isEqualTo(3);
        assertThat(elapsedMs).as("waited the 1 s of Retry-After").isGreaterThanOrEqualTo(1000);
        assertThat(column(result, "SELECT ok FROM read_parquet(?)")).containsExactly(true);
    }

    @Test
    void serverErrorsBeyondTheBudgetAreRetryable() {
        broken.set(0);
        assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/broken", "maxRetries", 2,
                "initialBackoff", "10ms", "maxBackoff", "20ms")))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("failed after 3 attempt(s): HTTP 500");
        assertThat(broken.get()).isEqualTo(3);
    }

    @Test
    void aHangingServerTimesOutRetryably() {
        assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/slow", "requestTimeout", "200ms",
                "maxRetries", 1, "initialBackoff", "10ms", "maxBackoff", "10ms")))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("timed out");
    }

    @Test
    void sendsTheAuthHeaderFromASecretAndNeverShowsIt() throws IOException {
        ExtractResult ok = extract(spec("http", "connection", "secure", "path", "/secure", "recordsPath", "$.items"));
        assertThat(ok.rowCount()).isEqualTo(1);

        assertThatThrownBy(() -> extract(spec("http", "connection", "wrong", "path", "/secure", "recordsPath", "$.items")))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_AUTHENTICATION).isInstanceOfSatisfying(ClassifiedException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(TOKEN);
                })
                .hasMessageContaining("HTTP 401");
    }

    @Test
    void otherClientErrorsAreNotRetryable() {
        assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/missing", "maxRetries", 3)))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void tooManyPagesIsAnError() {
        assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/page", "recordsPath", "$.data.rows",
                "maxPages", 2, "pagination", Map.of("type", "page", "sizeParam", "size", "size", 2))))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED)
                .hasMessageStartingWith("extract.source.maxPages: more than 2 pages");
    }

    /** A second server on 127.0.0.1 that records what reaches it. */
    private HttpServer other(List<String> seen) throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            seen.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            respond(ex, 200, "[{\"p\":2}]");
        });
        other.start();
        return other;
    }

    /** Case 5: a Link to another origin is refused, and nothing (no credentials either) reaches it. */
    @Test
    void aLinkToAnotherOriginIsRefused() throws IOException {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer other = other(seen);
        try {
            String next = "http://127.0.0.1:" + other.getAddress().getPort() + "/next";
            server.createContext("/cross", ex -> {
                ex.getResponseHeaders().add("Link", "<" + next + ">; rel=\"next\"");
                respond(ex, 200, "[{\"p\":1}]");
            });
            assertThatThrownBy(() -> extract(spec("http", "connection", "secure", "path", "/cross",
                    "pagination", Map.of("type", "link"))))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("the Link rel=\"next\" of page 1 leads to " + next + ", outside connection 'secure' ("
                            + api + "); only the connection's scheme, host and port are followed");
            assertThat(seen).isEmpty();
        } finally {
            other.stop(0);
            server.removeContext("/cross");
        }
        assertThat(HttpSource.withParam(URI.create("http://127.0.0.1:1/x"), "a b", "c&d"))
                .hasToString("http://127.0.0.1:1/x?a+b=c%26d");
    }

    /** Case 5: a redirect to another origin is refused before anything is sent there; one to the same origin works. */
    @Test
    void onlySameOriginRedirectsAreFollowed() throws IOException {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer other = other(seen);
        String away = "http://127.0.0.1:" + other.getAddress().getPort() + "/steal";
        try {
            server.createContext("/away", ex -> {
                ex.getResponseHeaders().add("Location", away);
                respond(ex, 302, "");
            });
            server.createContext("/here", ex -> {
                ex.getResponseHeaders().add("Location", "/secure");
                respond(ex, 307, "");
            });
            assertThatThrownBy(() -> extract(spec("http", "connection", "secure", "path", "/away")))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("a redirect from " + api + "/away leads to " + away + ", outside connection 'secure' ("
                            + api + "); only the connection's scheme, host and port are followed");
            assertThat(seen).isEmpty();
            assertThat(extract(spec("http", "connection", "secure", "path", "/here", "recordsPath", "$.items"))
                    .rowCount()).as("the token followed the same-origin redirect").isEqualTo(1);
        } finally {
            other.stop(0);
            server.removeContext("/away");
            server.removeContext("/here");
        }
    }

    /** Case 5: loopback, private and link-local targets are refused before any connection, unless allowed. */
    @Test
    void privateAndLinkLocalAddressesAreRefusedBeforeConnecting() {
        requests.clear();
        assertThatThrownBy(() -> extract(spec("http", "connection", "public", "path", "/secure")))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("connection 'public': 127.0.0.1 resolves to 127.0.0.1, a loopback, private or link-local "
                        + "address; refused (set SLUICE_HTTP_PUBLIC_ALLOW_PRIVATE_ADDRESSES=true for an endpoint "
                        + "inside the network)");
        assertThat(requests).as("nothing reached the server").isEmpty();

        AtomicInteger clients = new AtomicInteger();
        dev.sluice.extractor.SourceContext context = TestSources.context(config(), null, dir);
        dev.sluice.extractor.SourceContext counting = new dev.sluice.extractor.SourceContext(context.configuration(),
                context.duckDb(), context.s3(), context.secrets(), () -> {
                    clients.incrementAndGet();
                    throw new AssertionError("no HTTP client may be built for a refused target");
                }, java.util.Optional.empty(), null);
        assertThatThrownBy(() -> SourceRegistry.load().create(spec("http", "connection", "metadata",
                "path", "/meta-data/iam/security-credentials/"), counting)
                .extract(new ExtractRequest("x", Partition.of("date", "2026-11-20"), "run-1"), dir))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED)
                .hasMessageStartingWith("connection 'metadata': 169.254.169.254 resolves to 169.254.169.254, a loopback, "
                        + "private or link-local address; refused");
        assertThat(clients).as("no connection was attempted").hasValue(0);
    }

    /** Case 5: an error body in a message is cut short and shows no auth value. */
    @Test
    void errorBodiesAreCutShortAndScrubbedOfTheToken() throws IOException {
        server.createContext("/echo", ex -> respond(ex, 400, "{\"error\":\"bad token "
                + ex.getRequestHeaders().getFirst("Authorization") + "\",\"pad\":\"" + "x".repeat(100_000) + "\"}"));
        try {
            assertThatThrownBy(() -> extract(spec("http", "connection", "secure", "path", "/echo")))
                    .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED)
                    .hasMessageContaining("HTTP 400 ({\"error\":\"bad token Bearer ****\"")
                    .hasMessageNotContaining(TOKEN)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
        } finally {
            server.removeContext("/echo");
        }
    }

    /** Case 6: a page over maxPageBytes, or pages over maxBytes together, are non-retryable errors. */
    @Test
    void pagesAndSourcesOverTheirByteCapsAreNonRetryableErrors() throws IOException {
        AtomicInteger bigCalls = new AtomicInteger();
        server.createContext("/big", ex -> {
            bigCalls.incrementAndGet();
            respond(ex, 200, "[{\"v\":\"" + "x".repeat(5000) + "\"}]");
        });
        server.createContext("/chunks", ex -> {
            int p = Integer.parseInt(query(ex).getOrDefault("p", "1"));
            ex.getResponseHeaders().add("Link", "</chunks?p=" + (p + 1) + ">; rel=\"next\"");
            respond(ex, 200, "[{\"v\":\"" + "y".repeat(600) + "\"}]");
        });
        try {
            assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/big", "maxPageBytes", "1KiB",
                    "maxRetries", 3)))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("extract.source.maxPageBytes: the response of GET " + api + "/big is larger than 1024 "
                            + "bytes; raise maxPageBytes if that is expected");
            assertThat(bigCalls).as("not retried").hasValue(1);
            assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/chunks", "maxBytes", "1KiB",
                    "pagination", Map.of("type", "link"))))
                    .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.LIMIT_EXCEEDED)
                    .hasMessage("extract.source.maxBytes: the response of GET " + api + "/chunks?p=… is larger than "
                            + "414 bytes; raise maxBytes if that is expected");
        } finally {
            server.removeContext("/big");
            server.removeContext("/chunks");
        }
    }

    /** Case 6: the request timeout covers the headers; readTimeout covers the body too. */
    @Test
    void aBodyStillArrivingAtReadTimeoutIsAbandoned() throws IOException {
        server.createContext("/trickle", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write("[{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(3000);
                out.write("]".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException e) {
                // the client gave up
            }
        });
        try {
            assertThatThrownBy(() -> extract(spec("http", "connection", "api", "path", "/trickle",
                    "requestTimeout", "200ms", "readTimeout", "300ms", "maxRetries", 0)))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessage("GET " + api + "/trickle failed after 1 attempt(s): timed out: the response was not "
                            + "complete within readTimeout 300 ms");
        } finally {
            server.removeContext("/trickle");
        }
    }
}
