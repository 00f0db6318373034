package dev.sluice.loader.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bulk indexer against a scripted HTTP server: what is retried, what is superseded, what fails. */
class OpenSearchBulkTest {

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Deque<Function<List<String>, String>> answers = new ConcurrentLinkedDeque<>();
    final List<Duration> sleeps = new ArrayList<>();

    OpenSearchBulk bulk(int maxRetries) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/_bulk", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            List<String> ids = new ArrayList<>();
            for (String line : body.split("\n")) {
                JsonNode node = OpenSearchHttp.JSON.readTree(line);
                if (node.has("index")) {
                    ids.add(node.path("index").path("_id").asText());
                }
            }
            String answer = answers.isEmpty() ? ok(ids) : answers.poll().apply(ids);
            int status = answer.startsWith("HTTP ") ? Integer.parseInt(answer.substring(5, 8)) : 200;
            byte[] bytes = (answer.startsWith("HTTP ") ? answer.substring(9) : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        OpenSearchEndpoint endpoint = new OpenSearchEndpoint(null, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, null);
        OpenSearchHttp http = new OpenSearchHttp(endpoint, null, HttpClient.newHttpClient(), Duration.ofSeconds(10));
        return new OpenSearchBulk(http, "facts", 7, 3, 1_000_000, maxRetries, Duration.ofMillis(100), sleeps::add);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static String ok(List<String> ids) {
        return items(ids, id -> "{\"index\":{\"_id\":\"" + id + "\",\"status\":201}}");
    }

    static String items(List<String> ids, Function<String, String> item) {
        return "{\"errors\":true,\"items\":[" + String.join(",", ids.stream().map(item).toList()) + "]}";
    }

    static List<String> idsOf(String request) {
        List<String> ids = new ArrayList<>();
        for (String line : request.split("\n")) {
            if (line.startsWith("{\"index\"")) {
                ids.add(line.replaceAll(".*\"_id\":\"([^\"]*)\".*", "$1"));
            }
        }
        return ids;
    }

    @Test
    void onlyFailedItemsAreRetriedWithBackoffAndConflictsAreSuperseded() throws IOException {
        OpenSearchBulk bulk = bulk(5);
        answers.add(ids -> items(ids, id -> switch (id) {
            case "b" -> "{\"index\":{\"_id\":\"b\",\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}}";
            case "c" -> "{\"index\":{\"_id\":\"c\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"newer\"}}}";
            default -> "{\"index\":{\"_id\":\"" + id + "\",\"status\":201}}";
        }));
        answers.add(ids -> "HTTP 503 {\"error\":\"unavailable\"}");
        bulk.add("a", "{\"n\":1}");
        bulk.add("b", "{\"n\":2}");
        bulk.add("c", "{\"n\":3}");
        bulk.add("d|2026-11-20", "{\"n\":4}"); // the fourth document starts the second request (bulkDocs 3)
        bulk.close();

        assertThat(requests).hasSize(4);
        assertThat(idsOf(requests.get(0))).containsExactly("a", "b", "c");
        assertThat(idsOf(requests.get(1))).as("only the failed item").containsExactly("b");
        assertThat(idsOf(requests.get(2))).as("a whole 503 is retried").containsExactly("b");
        assertThat(idsOf(requests.get(3))).containsExactly("d|2026-11-20");
        assertThat(requests.get(0)).contains("{\"index\":{\"_index\":\"facts\",\"_id\":\"a\",\"version\":7,\"version_type\":\"external_gte\"}}\n{\"n\":1}\n");
        assertThat(bulk.indexed()).isEqualTo(3);
        assertThat(bulk.conflicts()).isEqualTo(1);
        assertThat(bulk.retries()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void itemsStillFailingAfterTheRetriesAreRetryableForTheStage() throws IOException {
        OpenSearchBulk bulk = bulk(2);
        for (int i = 0; i < 3; i++) {
            answers.add(ids -> items(ids, id -> "{\"index\":{\"_id\":\"" + id + "\",\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary shard is not active\"}}}"));
        }
        bulk.add("a", "{}");
        assertThatThrownBy(bulk::close).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_UNAVAILABLE)
                .hasMessageContaining("1 document(s) of index facts still failing after 2 retries: HTTP 503 unavailable_shards_exception: primary shard is not active");
        assertThat(requests).hasSize(3);
    }

    @Test
    void aRejectedDocumentFailsForGood() throws IOException {
        OpenSearchBulk bulk = bulk(5);
        answers.add(ids -> items(ids, id -> "{\"index\":{\"_id\":\"" + id + "\",\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse field [n]\"}}}"));
        bulk.add("a", "{\"n\":\"x\"}");
        assertThatThrownBy(bulk::close).isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_REJECTED)
                .hasMessage("OpenSearch rejected document _id a of index facts: HTTP 400 mapper_parsing_exception: failed to parse field [n]");
        assertThat(requests).hasSize(1);
    }
}
