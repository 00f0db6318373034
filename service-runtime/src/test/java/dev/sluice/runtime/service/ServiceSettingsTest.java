package dev.sluice.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.settings.SettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    @Test
    void defaults() {
        ServiceSettings settings = ServiceSettings.fromMap("svc", Map.of());
        assertThat(settings.env()).isEqualTo("local");
        assertThat(settings.specsDir()).isEqualTo(Path.of("specs"));
        assertThat(settings.stageLease()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.workDir("sluice-extract"))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "sluice-extract").toAbsolutePath());
    }

    @Test
    void explicitMapping() {
        ServiceSettings settings = ServiceSettings.fromMap("svc", Map.of(
                ServiceSettings.ENV, "prod", ServiceSettings.SPECS_DIR, "/etc/sluice/specs",
                ServiceSettings.STAGE_LEASE, "30m", ServiceSettings.WORK_DIR, "/mnt/work"));
        assertThat(settings).isEqualTo(new ServiceSettings("svc", "prod", Path.of("/etc/sluice/specs"),
                Duration.ofMinutes(30), settings.lookup()));
        assertThat(settings.workDir("sluice-extract")).isEqualTo(Path.of("/mnt/work"));
    }

    @Test
    void badValuesAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> ServiceSettings.fromMap("svc", Map.of(ServiceSettings.STAGE_LEASE, "5s")))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_STAGE_LEASE: must be a duration in 10s..12h, got '5s'");
        ServiceSettings relative = ServiceSettings.fromMap("svc", Map.of(ServiceSettings.WORK_DIR, "work"));
        assertThatThrownBy(() -> relative.workDir("sluice-extract"))
                .isInstanceOf(SettingException.class)
                .hasMessage("SLUICE_WORK_DIR: must be an absolute path, got 'work'");
    }
}
