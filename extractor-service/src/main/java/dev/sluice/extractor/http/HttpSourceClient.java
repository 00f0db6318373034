package dev.sluice.extractor.http;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GETs with retries: on 429, 5xx, timeouts and connection failures it waits (the server's {@code Retry-After},
 * else exponential backoff with full jitter) and tries again, up to {@code maxRetries} times per request. Bodies go
 * to a file, so a page never has to fit in memory and a connection lost mid-body is retried whole.
 *
 * <p>Header values (the auth header among them) never appear in messages.
 */
final class HttpSourceClient {

    /** A Retry-After longer than this is not waited for: the stage fails, retryable, and the queue retries later. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient client;
    private final HttpSourceSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;

    HttpSourceClient(HttpClient client, HttpSourceSettings settings, Sleeper sleeper, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The status and headers of a response whose body is in a file. */
    record Page(int status, HttpHeaders headers, Path body) {}

    /**
     * GETs {@code uri} with {@code headers}, its body saved to {@code bodyFile}.
     *
     * @throws ClassifiedException {@code SourceUnavailable} after the retries, for 429, 5xx, timeouts and connection
     *         failures; {@code SourceAuthentication} for 401 and 403; {@code SourceRequestRejected} for other 4xx and
     *         unexpected statuses
     */
    Page get(URI uri, Map<String, String> headers, Path bodyFile) {
        String target = "GET " + redactQuery(uri);
        String lastFailure = null;
        for (int attempt = 0; ; attempt++) {
            Duration retryAfter = null;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.requestTimeout());
                headers.forEach(request::header);
                HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    try (InputStream body = response.body()) {
                        Files.copy(body, bodyFile, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return new Page(status, response.headers(), bodyFile);
                }
                String snippet = drain(response.body());
                if (status == 401 || status == 403) {
                    throw new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, target + " was refused: HTTP " + status + snippet);
                }
                if (status != 429 && status < 500) {
                    throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, target + " failed: HTTP " + status + snippet);
                }
                lastFailure = "HTTP " + status + snippet;
                retryAfter = retryAfter(response.headers()).orElse(null);
            } catch (HttpTimeoutException e) {
                lastFailure = "timed out (" + e.getMessage() + ")";
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
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

    /** The start of an error body, to help whoever reads the message. */
    private static String drain(InputStream body) {
        try (InputStream in = body) {
            byte[] head = in.readNBytes(200);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            String text = new String(head, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** The URI without its query's values, which may hold cursors or keys. */
    static String redactQuery(URI uri) {
        String text = uri.toString();
        int q = text.indexOf('?');
        if (q < 0) {
            return text;
        }
        return text.substring(0, q) + "?" + text.substring(q + 1).replaceAll("=([^&]*)", "=…");
    }
}
