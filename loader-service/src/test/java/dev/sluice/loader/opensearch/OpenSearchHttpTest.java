package dev.sluice.loader.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request that meets a shard that has not started yet is sent again shortly, not failed into a stage retry. */
class OpenSearchHttpTest {
    static final String NOT_STARTED = "{\"error\":{\"root_cause\":[{\"type\":\"illegal_index_shard_state_exception\",\"reason\":"
            + "\"CurrentState[RECOVERING] operations only allowed when shard state is one of [POST_RECOVERY, STARTED]\"}]},\"status\":503}";
    static final String NO_SHARD = "{\"error\":{\"root_cause\":[{\"type\":\"no_shard_available_action_exception\",\"reason\":"
            + "\"No shard available for [get [sluice-load-generations][x]]\"}]},\"status\":503}";
    static final String OVERLOADED = "{\"error\":{\"root_cause\":[{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}]},\"status\":503}";

    HttpServer server;
    OpenSearchHttp http;
    final Deque<String> answers = new ConcurrentLinkedDeque<>();
    final AtomicInteger requests = new AtomicInteger();
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String answer = answers.isEmpty() ? "200 {\"found\":false}" : answers.poll();
            byte[] bytes = answer.substring(4).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, 3)), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        http = new OpenSearchHttp(new OpenSearchEndpoint(null, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, null),
                null, HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aShardThatHasNotStartedIsWaitedForWithShortPauses() {
        answers.add("503 " + NOT_STARTED);
        answers.add("503 " + NO_SHARD);
        answers.add("503 " + NOT_STARTED);
        OpenSearchHttp.Response response = http.untilShardReady(() -> http.send("GET", "/ctl/_doc/x", null, null), sleeps::add);
        assertThat(response.status()).isEqualTo(200);
        assertThat(requests).hasValue(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void anyOtherAnswerIsReturnedAtOnce() {
        answers.add("503 " + OVERLOADED);
        OpenSearchHttp.Response response = http.untilShardReady(() -> http.send("GET", "/ctl/_doc/x", null, null), sleeps::add);
        assertThat(response.status()).isEqualTo(503);
        assertThat(OpenSearchHttp.reason(response.body())).contains("es_rejected_execution_exception");
        answers.add("404 {\"found\":false}");
        assertThat(http.untilShardReady(() -> http.send("GET", "/ctl/_doc/x", null, null), sleeps::add).status()).isEqualTo(404);
        assertThat(requests).hasValue(2);
        assertThat(sleeps).isEmpty();
    }
}
