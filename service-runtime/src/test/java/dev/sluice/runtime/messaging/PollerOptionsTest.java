package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Defaults, an explicit mapping of every setting (Trino's ConfigAssertions), and bad values. */
class PollerOptionsTest {

    @Test
    void defaults() {
        assertThat(PollerOptions.defaults()).isEqualTo(new PollerOptions(
                10, 10, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(120),
                Duration.ofSeconds(40), 5, Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertThat(PollerOptions.fromMap(Map.of())).isEqualTo(PollerOptions.defaults());
    }

    @Test
    void explicitMapping() {
        Map<String, String> properties = Map.of(
                "SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", "4",
                "SLUICE_POLLER_MAX_MESSAGES_PER_POLL", "2",
                "SLUICE_POLLER_POLL_TIMEOUT", "5s",
                "SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "PT45S",
                "SLUICE_POLLER_VISIBILITY_TIMEOUT", "10m",
                "SLUICE_POLLER_VISIBILITY_EXTENSION_INTERVAL", "90s",
                "SLUICE_POLLER_MAX_RECEIVE_COUNT", "3",
                "SLUICE_POLLER_BACKOFF_INITIAL", "250ms",
                "SLUICE_POLLER_BACKOFF_MAX", "2m");
        PollerOptions expected = new PollerOptions(
                4, 2, Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofMinutes(10),
                Duration.ofSeconds(90), 3, Duration.ofMillis(250), Duration.ofMinutes(2));

        // As ConfigAssertions.assertFullMapping: every setting is mapped, and each to a value other than its default.
        assertThat(properties.keySet()).isEqualTo(
                PollerOptions.SETTINGS.stream().map(PollerOptions.Setting::env).collect(Collectors.toSet()));
        assertThat(PollerOptions.fromMap(properties)).isEqualTo(expected);
        Map<String, String> defaults = PollerOptions.defaults().toMap();
        Map<String, String> explicit = expected.toMap();
        defaults.forEach((name, value) -> assertThat(explicit.get(name)).as(name).isNotEqualTo(value));
        assertThat(PollerOptions.fromMap(explicit)).isEqualTo(expected);
    }

    @Test
    void theExtensionIntervalFollowsTheVisibilityTimeoutByDefault() {
        assertThat(PollerOptions.fromMap(Map.of("SLUICE_POLLER_VISIBILITY_TIMEOUT", "2s")).visibilityExtensionInterval())
                .isEqualTo(Duration.ofMillis(666));
    }

    @Test
    void badValuesNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_MAX_MESSAGES_PER_POLL", "11")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLUICE_POLLER_MAX_MESSAGES_PER_POLL (maxMessagesPerPoll) must be an integer in 1..10, got '11'");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", "ten")))
                .hasMessage("SLUICE_POLLER_MAX_CONCURRENT_MESSAGES (maxConcurrentMessages) must be an integer in 1..1000, got 'ten'");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_POLL_TIMEOUT", "30s")))
                .hasMessage("SLUICE_POLLER_POLL_TIMEOUT (pollTimeout) must be whole seconds in 1s..20s, got '30s'");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_POLL_TIMEOUT", "1500ms")))
                .hasMessageContaining("got '1500ms'");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "20")))
                .hasMessage("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT (listenerShutdownTimeout) is not a duration: '20'; "
                        + "write it like 500ms, 20s, 2m, 1h or PT20S");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of(
                        "SLUICE_POLLER_VISIBILITY_TIMEOUT", "30s", "SLUICE_POLLER_VISIBILITY_EXTENSION_INTERVAL", "30s")))
                .hasMessageStartingWith("SLUICE_POLLER_VISIBILITY_EXTENSION_INTERVAL (visibilityExtensionInterval) must be")
                .hasMessageContaining("'30s' with visibilityTimeout '30s'");
        assertThatThrownBy(() -> PollerOptions.fromMap(Map.of("SLUICE_POLLER_BACKOFF_MAX", "500ms")))
                .hasMessage("SLUICE_POLLER_BACKOFF_MAX (backoffMax) must be a duration in backoffInitial..1h, got '500ms'");
    }

    @Test
    void blankCountsAsUnset() {
        assertThat(PollerOptions.fromMap(Map.of("SLUICE_POLLER_POLL_TIMEOUT", " "))).isEqualTo(PollerOptions.defaults());
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(backoff.delay(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(backoff.delay(50)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
        assertThat(backoff.delay(0)).isZero();
    }
}
