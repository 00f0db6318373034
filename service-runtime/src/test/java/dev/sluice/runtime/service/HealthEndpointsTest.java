package dev.sluice.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The probes of container mode, and the setting that turns them on. */
class HealthEndpointsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void liveAnswers200AndReadyFollowsItsCondition() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthEndpoints health = HealthEndpoints.start(0, ready::get)) {
            assertThat(get(health, "GET", "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(health, "GET", "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("not ready\n");

            ready.set(true);
            assertThat(get(health, "GET", "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(health, "HEAD", "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(health, "GET", "/health/live").body()).isEqualTo("live\n");
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        try (HealthEndpoints health = HealthEndpoints.start(0, () -> true)) {
            HttpResponse<String> unknown = get(health, "GET", "/health");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("/health/live").contains("/health/ready");
            assertThat(get(health, "POST", "/health/ready").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTakenPortIsRefusedNamingThePort() {
        try (HealthEndpoints first = HealthEndpoints.start(0, () -> true)) {
            int port = first.port();
            assertThatThrownBy(() -> HealthEndpoints.start(port, () -> true))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("health endpoints: cannot listen on port " + port + ":");
        }
    }

    @Test
    void thePortSettingIsOffUnlessSetAndBadValuesAreRefused() {
        assertThat(ContainerService.HEALTH_PORT_SETTING.find(Lookup.of(Map.of()))).isEmpty();
        assertThat(ContainerService.HEALTH_PORT_SETTING.defaultText()).isEqualTo("off");
        assertThat(ContainerService.HEALTH_PORT_SETTING.find(Lookup.of(Map.of("SLUICE_HEALTH_PORT", "8080"))))
                .isEqualTo(Optional.of(8080));
        assertThatThrownBy(() -> ContainerService.HEALTH_PORT_SETTING.find(Lookup.of(Map.of("SLUICE_HEALTH_PORT", "70000"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_HEALTH_PORT: must be between 0 and 65535 (0: any free port), got '70000'");
        assertThatThrownBy(() -> ContainerService.HEALTH_PORT_SETTING.find(Lookup.of(Map.of("SLUICE_HEALTH_PORT", "http"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_HEALTH_PORT: must be between 0 and 65535 (0: any free port), got 'http'");
    }

    private HttpResponse<String> get(HealthEndpoints health, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
