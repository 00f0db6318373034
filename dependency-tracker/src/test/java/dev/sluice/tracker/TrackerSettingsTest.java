package dev.sluice.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingException;
import dev.sluice.spec.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracker's own settings: defaults, an explicit mapping, a refused value, and their documentation. */
class TrackerSettingsTest {

    @Test
    void defaults() {
        Lookup nothing = Lookup.of(Map.of());
        assertThat(TrackerFactory.PUBLISH_LEASE_SETTING.get(nothing)).isEqualTo(Duration.ofSeconds(30));
        assertThat(TrackerFactory.SWEEP_INTERVAL_SETTING.get(nothing)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void explicitMapping() {
        Lookup lookup = Lookup.of(Map.of(TrackerFactory.PUBLISH_LEASE, "PT45S", TrackerFactory.SWEEP_INTERVAL, "5m"));
        assertThat(TrackerFactory.PUBLISH_LEASE_SETTING.get(lookup)).isEqualTo(Duration.ofSeconds(45));
        assertThat(TrackerFactory.SWEEP_INTERVAL_SETTING.get(lookup)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> TrackerFactory.PUBLISH_LEASE_SETTING.get(Lookup.of(Map.of(TrackerFactory.PUBLISH_LEASE, "PT0S"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_TRACKER_PUBLISH_LEASE: must be a duration in 1ms..24h, got 'PT0S'");
        assertThatThrownBy(() -> TrackerFactory.SWEEP_INTERVAL_SETTING.get(Lookup.of(Map.of(TrackerFactory.SWEEP_INTERVAL, "often"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_TRACKER_SWEEP_INTERVAL: must be a duration in 1ms..24h, got 'often'");
    }

    @Test
    void theDocsListEverySettingWithItsDefault() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assumeTrue(Files.exists(doc), "docs not found from " + Path.of("").toAbsolutePath());
        assertThat(SettingsDoc.undocumented(Files.readString(doc), TrackerFactory.DEFINITIONS)).isEmpty();
    }
}
