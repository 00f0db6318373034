package dev.sluice.loader.opensearch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes documents in bulk requests of at most {@code bulkDocs} documents and {@code bulkBytes} bytes, each with
 * external versioning ({@code version=<generation>}, {@code version_type=external_gte}), so that a document already
 * indexed by a newer generation rejects an older one with a version conflict: counted as superseded, not failed.
 *
 * <p>A partial failure retries only the failed items (HTTP 429, 5xx, {@code es_rejected_execution_exception}), with
 * exponential backoff, at most {@code maxRetries} times; a whole request that fails the same way is retried alike.
 * Any other item failure (e.g. a mapping conflict) is {@code TargetRejected}.
 */
final class OpenSearchBulk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchBulk.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final OpenSearchHttp http;
    private final String index;
    private final long version;
    private final int bulkDocs;
    private final long bulkBytes;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Sleeper sleeper;

    private final List<byte[]> batch = new ArrayList<>();
    private long batchBytes;
    private long indexed;
    private long conflicts;
    private long retries;
    private long requests;

    /** Waits between retries; tests replace it. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    OpenSearchBulk(OpenSearchHttp http, String index, long version, int bulkDocs, long bulkBytes, int maxRetries,
            Duration initialBackoff, Sleeper sleeper) {
        this.http = http;
        this.index = index;
        this.version = version;
        this.bulkDocs = bulkDocs;
        this.bulkBytes = bulkBytes;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.sleeper = sleeper;
    }

    /** Adds a document (its JSON source) with its {@code _id}; sends a request when the batch is full. */
    void add(String id, String sourceJson) {
        String action = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(id)) + "\",\"version\":" + version
                + ",\"version_type\":\"external_gte\"}}\n";
        byte[] item = (action + sourceJson + "\n").getBytes(StandardCharsets.UTF_8);
        if (!batch.isEmpty() && (batch.size() >= bulkDocs || batchBytes + item.length > bulkBytes)) {
            flush();
        }
        batch.add(item);
        batchBytes += item.length;
    }

    /** Sends what is batched. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> pending = new ArrayList<>(batch);
        batch.clear();
        batchBytes = 0;
        send(pending);
    }

    @Override
    public void close() {
        flush();
    }

    long indexed() {
        return indexed;
    }

    /** Documents a newer generation held already (version conflicts). */
    long conflicts() {
        return conflicts;
    }

    long retries() {
        return retries;
    }

    long requests() {
        return requests;
    }

    private void send(List<byte[]> items) {
        List<byte[]> pending = items;
        for (int attempt = 0; ; attempt++) {
            String lastFailure;
            OpenSearchHttp.Response response;
            requests++;
            try {
                response = http.send("POST", "/_bulk", concat(pending), "application/x-ndjson");
            } catch (ClassifiedException e) {
                if (e.errorClass() != ErrorClass.TARGET_UNAVAILABLE) {
                    throw e;
                }
                response = null;
                lastFailure = e.getMessage();
                pending = retryOrFail(pending, attempt, lastFailure, pending.size());
                continue;
            }
            if (response.status() == 429 || response.status() >= 500) {
                lastFailure = "HTTP " + response.status() + OpenSearchHttp.reason(response.body());
                pending = retryOrFail(pending, attempt, lastFailure, pending.size());
                continue;
            }
            if (response.status() == 413) {
                throw new ClassifiedException(ErrorClass.TARGET_REJECTED, "OpenSearch at " + http.base() + " refused a bulk request of "
                        + pending.size() + " documents as too large (HTTP 413): lower bulkBytes");
            }
            http.expectOk(response, "take a bulk request into " + index);
            JsonNode body = response.body();
            if (body == null) {
                throw new ClassifiedException(ErrorClass.TARGET_REJECTED, "OpenSearch at " + http.base() + " answered a bulk request without JSON");
            }
            if (!body.path("errors").asBoolean(false)) {
                indexed += pending.size();
                return;
            }
            JsonNode results = body.path("items");
            List<byte[]> failed = new ArrayList<>();
            lastFailure = null;
            for (int i = 0; i < pending.size(); i++) {
                JsonNode result = results.path(i).elements().hasNext() ? results.path(i).elements().next() : null;
                int status = result == null ? 500 : result.path("status").asInt(500);
                if (status >= 200 && status < 300) {
                    indexed++;
                } else if (status == 409) {
                    conflicts++;
                } else if (status == 429 || status >= 500) {
                    failed.add(pending.get(i));
                    if (lastFailure == null) {
                        lastFailure = "HTTP " + status + " " + errorOf(result);
                    }
                } else {
                    throw new ClassifiedException(ErrorClass.TARGET_REJECTED, "OpenSearch rejected document _id " + (result == null ? "?"
                            : result.path("_id").asText()) + " of index " + index + ": HTTP " + status + " " + errorOf(result));
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            LOG.info("bulk into {}: {} of {} items failed ({}); retrying those", index, failed.size(), pending.size(), lastFailure);
            pending = retryOrFail(failed, attempt, lastFailure, failed.size());
        }
    }

    private List<byte[]> retryOrFail(List<byte[]> pending, int attempt, String failure, int count) {
        if (attempt >= maxRetries) {
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "OpenSearch at " + http.base() + ": " + count + " document(s) of index "
                    + index + " still failing after " + maxRetries + " retries: " + failure);
        }
        retries++;
        long millis = Math.min(MAX_BACKOFF.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
        try {
            sleeper.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "interrupted while retrying a bulk request into " + index, e);
        }
        return pending;
    }

    private static String errorOf(JsonNode result) {
        if (result == null) {
            return "no result";
        }
        JsonNode error = result.path("error");
        return error.path("type").asText("") + ": " + error.path("reason").asText("");
    }

    private static byte[] concat(List<byte[]> items) {
        int size = 0;
        for (byte[] item : items) {
            size += item.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (byte[] item : items) {
            out.writeBytes(item);
        }
        return out.toByteArray();
    }
}
