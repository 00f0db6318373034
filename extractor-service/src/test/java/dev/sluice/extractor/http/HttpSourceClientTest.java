package dev.sluice.extractor.http;

import dev.sluice.dataplane.PluginSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSourceClientTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(HttpSourceClient.parseRetryAfter("120", CLOCK)).hasValue(Duration.ofSeconds(120));
        assertThat(HttpSourceClient.parseRetryAfter("Fri, 20 Nov 2026 10:00:30 GMT", CLOCK))
                .hasValue(Duration.ofSeconds(30));
        assertThat(HttpSourceClient.parseRetryAfter("Fri, 20 Nov 2026 09:00:00 GMT", CLOCK)).hasValue(Duration.ZERO);
        assertThat(HttpSourceClient.parseRetryAfter("soon", CLOCK)).isEmpty();
    }

    @Test
    void backoffIsFullJitterCappedByMaxBackoff() {
        HttpSourceSettings settings = HttpSourceSettings.from(new PluginSettings(Map.of("connection", "x",
                "initialBackoff", "100ms", "maxBackoff", "1s"), "extract.source"), Map.of("SLUICE_HTTP_X_URL", "https://x")::get);
        HttpSourceClient client = new HttpSourceClient(null, settings, d -> { }, CLOCK);
        for (int i = 0; i < 200; i++) {
            assertThat(client.backoff(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(client.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(800));
            assertThat(client.backoff(40)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void findsTheNextLink() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Link", List.of(
                "<https://api.example.com/items?page=1>; rel=\"first\", <items?page=3>; rel=\"next last\"")), (a, b) -> true);
        HttpSourceClient.Page page = new HttpSourceClient.Page(200, headers, null);
        assertThat(HttpSource.nextLink(page, URI.create("https://api.example.com/v1/items?page=2")))
                .hasValue(URI.create("https://api.example.com/v1/items?page=3"));
        HttpSourceClient.Page none = new HttpSourceClient.Page(200,
                HttpHeaders.of(Map.of("Link", List.of("<x>; rel=\"prev\"")), (a, b) -> true), null);
        assertThat(HttpSource.nextLink(none, URI.create("https://a/"))).isEmpty();
    }

    @Test
    void redactsQueryValuesInMessages() {
        assertThat(HttpSourceClient.redactQuery(URI.create("https://a/x?cursor=abc&date=2026"))).isEqualTo("https://a/x?cursor=…&date=…");
        assertThat(HttpSourceClient.redactQuery(URI.create("https://a/x"))).isEqualTo("https://a/x");
    }
}
