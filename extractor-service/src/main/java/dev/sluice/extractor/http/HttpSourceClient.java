package dev.sluice.extractor.http;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.http.HttpConnectionSettings;
import dev.sluice.dataplane.secrets.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs with retries: on 429, 5xx, timeouts and connection failures it waits (the server's {@code Retry-After},
 * else exponential backoff with full jitter) and tries again, up to {@code maxRetries} times per request. Bodies go
 * to a file, so a page never has to fit in memory and a connection lost mid-body is retried whole.
 *
 * <p>Every target, redirects included, is checked against the connection first ({@link
 * HttpConnectionSettings#checkTarget}): same origin, and no private address unless the connection allows it.
 * Redirects are followed here, never by the HTTP client. A body larger than its cap stops the transfer
 * ({@code LimitExceeded} failure, not retryable), and a response that has not fully arrived by {@code readTimeout}
 * is abandoned. Error bodies are read up to {@value #ERROR_BODY_BYTES} bytes, and what goes into a message is cut to
 * {@value #ERROR_SNIPPET_CHARS} characters and scrubbed of the auth value.
 *
 * <p>Header values (the auth header among them) never appear in messages.
 */
final class HttpSourceClient {

    /** A Retry-After longer than this is not waited for: the stage fails, retryable, and the queue retries later. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    /** The most redirects followed for one request. */
    static final int MAX_REDIRECTS = 5;
    /** The most bytes of an error body read. */
    static final int ERROR_BODY_BYTES = 4096;
    /** The most characters of an error body in a message. */
    static final int ERROR_SNIPPET_CHARS = 200;

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient client;
    private final HttpSourceSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Secret secret;

    HttpSourceClient(HttpClient client, HttpSourceSettings settings, Sleeper sleeper, Clock clock) {
        this(client, settings, sleeper, clock, null);
    }

    /** @param secret the auth value, scrubbed from error bodies; {@code null} when there is none */
    HttpSourceClient(HttpClient client, HttpSourceSettings settings, Sleeper sleeper, Clock clock, Secret secret) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.secret = secret;
    }

    /** The status and headers of a response whose body is in a file of {@code bytes} bytes. */
    record Page(int status, HttpHeaders headers, Path body, long bytes) {
        Page(int status, HttpHeaders headers, Path body) {
            this(status, headers, body, 0);
        }
    }

    /** What a response body became: its size for a success, its start for an error. */
    private record Received(long bytes, String snippet) {}

    /** A body went over its cap; carries the cap. */
    private static final class OverCap extends IOException {
        final long cap;

        OverCap(long cap) {
            super("over " + cap + " bytes");
            this.cap = cap;
        }
    }

    /**
     * GETs {@code uri} with {@code headers}, its body saved to {@code bodyFile}, following same-origin redirects.
     *
     * @param maxBytes the most bytes the body may have
     * @throws ClassifiedException {@code SourceUnavailable} after the retries, for 429, 5xx, timeouts and connection
     *         failures; {@code SourceAuthentication} for 401 and 403; {@code SourceRequestRejected} for other 4xx,
     *         unexpected statuses and refused targets; {@code LimitExceeded} for a body over {@code maxBytes}, named by
     *         {@code capSetting}
     */
    Page get(URI uri, Map<String, String> headers, Path bodyFile, long maxBytes, String capSetting) {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            settings.connection().checkTarget(current, redirects == 0 ? "the request" : "a redirect from "
                    + HttpConnectionSettings.redact(uri));
            Page page = getOnce(current, headers, bodyFile, maxBytes, capSetting);
            if (page.status() < 300 || page.status() >= 400) {
                return page;
            }
            String target = "GET " + HttpConnectionSettings.redact(current);
            String location = page.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, target + " failed: HTTP " + page.status() + " without a Location");
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, target + " failed: more than " + MAX_REDIRECTS + " redirects");
            }
            try {
                current = current.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, target + " failed: HTTP " + page.status()
                        + " to an invalid Location");
            }
        }
    }

    private Page getOnce(URI uri, Map<String, String> headers, Path bodyFile, long maxBytes, String capSetting) {
        String target = "GET " + HttpConnectionSettings.redact(uri);
        String lastFailure = null;
        for (int attempt = 0; ; attempt++) {
            Duration retryAfter = null;
            CompletableFuture<HttpResponse<Received>> pending = null;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.requestTimeout());
                headers.forEach(request::header);
                pending = client.sendAsync(request.build(), info -> info.statusCode() >= 200 && info.statusCode() < 300
                        ? new CappedBody(bodyFile, maxBytes)
                        : new CappedBody(null, ERROR_BODY_BYTES));
                HttpResponse<Received> response = pending.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Page(status, response.headers(), bodyFile, response.body().bytes());
                }
                if (status >= 300 && status < 400 && status != 304) {
                    return new Page(status, response.headers(), null, 0);
                }
                String snippet = snippet(response.body().snippet());
                if (status == 401 || status == 403) {
                    throw new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, target + " was refused: HTTP " + status + snippet);
                }
                if (status != 429 && status < 500) {
                    throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, target + " failed: HTTP " + status + snippet);
                }
                lastFailure = "HTTP " + status + snippet;
                retryAfter = retryAfter(response.headers()).orElse(null);
            } catch (TimeoutException e) {
                pending.cancel(true);
                lastFailure = "timed out: the response was not complete within readTimeout "
                        + settings.readTimeout().toMillis() + " ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                for (Throwable t = cause; t != null; t = t.getCause()) {
                    if (t instanceof OverCap) {
                        cause = t;
                        break;
                    }
                }
                if (cause instanceof OverCap over) {
                    throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, capSetting + ": the response of " + target + " is larger than "
                            + over.cap + " bytes; raise " + capSetting.substring(capSetting.lastIndexOf('.') + 1)
                            + " if that is expected");
                }
                if (cause instanceof HttpTimeoutException) {
                    lastFailure = "timed out (" + cause.getMessage() + ")";
                } else {
                    lastFailure = cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + scrub(cause.getMessage()));
                }
            } catch (InterruptedException e) {
                if (pending != null) {
                    pending.cancel(true);
                }
                Thread.currentThread().interrupt();
                throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, target + " was interrupted", e);
            }
            if (attempt >= settings.maxRetries()) {
                throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, target + " failed after " + (attempt + 1) + " attempt(s): "
                        + lastFailure);
            }
            Duration wait;
            if (retryAfter != null) {
                if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
                    throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, target + " failed: " + lastFailure + "; the server asks to retry in "
                            + retryAfter.toSeconds() + " s");
                }
                wait = retryAfter;
            } else {
                wait = backoff(attempt);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, target + " was interrupted", e);
            }
        }
    }

    /** Full jitter: a random wait between 0 and min(maxBackoff, initialBackoff × 2^attempt). */
    Duration backoff(int attempt) {
        long cap = settings.maxBackoff().toMillis();
        long exponential = settings.initialBackoff().toMillis() << Math.min(attempt, 30);
        long bound = Math.min(cap, exponential < 0 ? cap : exponential);
        return Duration.ofMillis(bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock));
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The start of an error body, whitespace collapsed, cut short and without the auth value. */
    private String snippet(String body) {
        String text = scrub(body == null ? "" : body).replaceAll("\\s+", " ").trim();
        if (text.length() > ERROR_SNIPPET_CHARS) {
            text = text.substring(0, ERROR_SNIPPET_CHARS) + "…";
        }
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    private String scrub(String text) {
        return secret == null ? text : secret.redact(text);
    }

    /**
     * Receives a body into {@code file} (or, when {@code null}, into memory, for error bodies) up to {@code cap}
     * bytes. Past the cap it cancels the transfer: into a file that is an {@link OverCap} failure, into memory the
     * start is kept and the rest ignored.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<Received> {
        private final CompletableFuture<Received> result = new CompletableFuture<>();
        private final Path file;
        private final long cap;
        private final java.io.ByteArrayOutputStream memory = new java.io.ByteArrayOutputStream();
        private OutputStream out;
        private Flow.Subscription subscription;
        private long bytes;

        CappedBody(Path file, long cap) {
            this.file = file;
            this.cap = cap;
        }

        @Override
        public CompletionStage<Received> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            try {
                out = file == null ? memory : Files.newOutputStream(file);
            } catch (IOException e) {
                subscription.cancel();
                result.completeExceptionally(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            try {
                for (ByteBuffer buffer : items) {
                    int n = buffer.remaining();
                    if (bytes + n > cap) {
                        subscription.cancel();
                        if (file != null) {
                            close();
                            result.completeExceptionally(new OverCap(cap));
                        } else {
                            write(buffer, (int) (cap - bytes));
                            finish();
                        }
                        return;
                    }
                    write(buffer, n);
                }
            } catch (IOException e) {
                subscription.cancel();
                close();
                result.completeExceptionally(e);
                return;
            }
            subscription.request(1);
        }

        private void write(ByteBuffer buffer, int n) throws IOException {
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            out.write(chunk);
            bytes += n;
        }

        @Override
        public void onError(Throwable throwable) {
            close();
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            close();
            result.complete(new Received(bytes, file == null ? memory.toString(StandardCharsets.UTF_8) : null));
        }

        private void close() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /** The URI without its query's values, which may hold cursors or keys. */
    static String redactQuery(URI uri) {
        return HttpConnectionSettings.redact(uri);
    }
}
