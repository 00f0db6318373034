package dev.sluice.loader.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The few OpenSearch REST calls the target makes, over {@link HttpClient} with Jackson. Failures are classified:
 * no connection, a timeout, HTTP 429 and 5xx are {@code TargetUnavailable} (retryable); 401 and 403
 * {@code TargetAuthentication}; other 4xx {@code TargetRejected}, with OpenSearch's error type
 * and reason.
 */
final class OpenSearchHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: its status and its JSON body ({@code null} when empty or not JSON). */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;
    private final String authorization;

    OpenSearchHttp(OpenSearchEndpoint endpoint, Secret password, HttpClient client, Duration timeout) {
        this.base = endpoint.url();
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = timeout;
        this.authorization = endpoint.user() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (endpoint.user() + ":" + (password == null ? "" : password.reveal())).getBytes(StandardCharsets.UTF_8));
    }

    URI base() {
        return base;
    }

    /** Sends a request; only a failure to get any answer throws. */
    Response send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            byte[] bytes = response.body();
            if (bytes != null && bytes.length > 0 && !"HEAD".equals(method)) {
                try {
                    json = JSON.readTree(bytes);
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "OpenSearch at " + base + " did not answer " + method + " " + path + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "interrupted while calling OpenSearch at " + base, e);
        }
    }

    /** The longest {@link #untilShardReady} waits for a shard to start. */
    static final Duration SHARD_START_WAIT = Duration.ofSeconds(30);

    /**
     * Sends {@code request} again while OpenSearch answers that the shard it needs has not started yet (HTTP 503
     * {@code no_shard_available_action_exception} or {@code illegal_index_shard_state_exception}: an index created a
     * moment ago, or a node recovering), every 50 ms doubling to 1 s, for at most {@link #SHARD_START_WAIT}. Such a
     * shard usually starts within a second or two; failing the stage would cost a retry with the job's backoff.
     */
    Response untilShardReady(java.util.function.Supplier<Response> request, Sleeper sleeper) {
        long deadline = System.nanoTime() + SHARD_START_WAIT.toNanos();
        long pause = 50;
        while (true) {
            Response response = request.get();
            if (!shardNotStarted(response) || System.nanoTime() + pause * 1_000_000 > deadline) {
                return response;
            }
            try {
                sleeper.sleep(Duration.ofMillis(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
            pause = Math.min(pause * 2, 1_000);
        }
    }

    /** Pauses between attempts (a test records them instead). */
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    static boolean shardNotStarted(Response response) {
        if (response.status() != 503) {
            return false;
        }
        String reason = reason(response.body());
        return reason.contains("no_shard_available") || reason.contains("illegal_index_shard_state");
    }

    Response json(String method, String path, Object body) {
        try {
            return send(method, path, body == null ? null : JSON.writeValueAsBytes(body), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code response} if it is 2xx; otherwise the classified failure of {@code what}. */
    Response expectOk(Response response, String what) {
        if (response.ok()) {
            return response;
        }
        throw failure(response, what);
    }

    RuntimeException failure(Response response, String what) {
        int status = response.status();
        String message = "OpenSearch at " + base + " refused to " + what + ": HTTP " + status + reason(response.body());
        if (status == 401 || status == 403) {
            return new ClassifiedException(ErrorClass.TARGET_AUTHENTICATION, message);
        }
        if (status == 429 || status >= 500) {
            return new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, message);
        }
        return new ClassifiedException(ErrorClass.TARGET_REJECTED, message);
    }

    /** {@code " <type>: <reason>"} of an OpenSearch error body, or nothing. */
    static String reason(JsonNode body) {
        if (body == null) {
            return "";
        }
        JsonNode error = body.path("error");
        if (error.isTextual()) {
            return " " + error.asText();
        }
        if (error.isObject()) {
            JsonNode root = error.path("root_cause").path(0);
            JsonNode e = root.isMissingNode() ? error : root;
            return " " + e.path("type").asText("") + ": " + e.path("reason").asText("");
        }
        return "";
    }
}
