package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformSettingsTest {

    @Test
    void defaults() {
        TransformSettings settings = TransformSettings.from(Map.<String, String>of()::get);
        assertThat(settings.workDirectory()).isEqualTo(
                Path.of(System.getProperty("java.io.tmpdir"), "sluice-transform").toAbsolutePath());
        assertThat(settings.downloadParallelism()).isEqualTo(8);
        assertThat(settings.limitFor(SizeClass.SMALL)).isEqualTo(new InputLimit(SizeClass.SMALL, 2L << 30));
        assertThat(settings.limitFor(SizeClass.LARGE).isUnlimited()).isTrue();
    }

    @Test
    void explicitMapping() {
        TransformSettings settings = TransformSettings.from(Map.of(
                TransformSettings.WORK_DIR, "/mnt/work",
                TransformSettings.DOWNLOAD_PARALLELISM, "16",
                TransformSettings.SMALL_MAX_INPUT, "512MB",
                TransformSettings.LARGE_MAX_INPUT, "1.5TiB")::get);
        assertThat(settings).isEqualTo(new TransformSettings(Path.of("/mnt/work"), 16, 512_000_000L,
                (long) (1.5 * (1L << 40))));
        assertThat(TransformSettings.from(Map.of(TransformSettings.SMALL_MAX_INPUT, "unlimited")::get)
                .limitFor(SizeClass.SMALL).isUnlimited()).isTrue();
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> TransformSettings.from(Map.of(TransformSettings.WORK_DIR, "relative")::get))
                .isInstanceOf(InvalidSettingsException.class).hasMessageStartingWith("SLUICE_WORK_DIR: ");
        assertThatThrownBy(() -> TransformSettings.from(Map.of(TransformSettings.DOWNLOAD_PARALLELISM, "0")::get))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("SLUICE_TRANSFORM_DOWNLOAD_PARALLELISM: must be between 1 and 64");
        assertThatThrownBy(() -> TransformSettings.from(Map.of(TransformSettings.SMALL_MAX_INPUT, "lots")::get))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("SLUICE_TRANSFORM_SMALL_MAX_INPUT: cannot read 'lots'");
    }

    @Test
    void theDocsListEverySettingWithItsDefault() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assumeTrue(Files.exists(doc), "docs not found from " + Path.of("").toAbsolutePath());
        assertThat(SettingsDoc.undocumented(Files.readString(doc), TransformSettings.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(Files.readString(doc), dev.sluice.transformer.xl.XlSettings.DEFINITIONS)).isEmpty();
    }

    @Test
    void formatsBytes() {
        assertThat(TransformSettings.formatBytes(512)).isEqualTo("512 B");
        assertThat(TransformSettings.formatBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(TransformSettings.formatBytes(2L << 30)).isEqualTo("2.0 GiB");
        assertThat(TransformSettings.formatBytes(Long.MAX_VALUE)).isEqualTo("unlimited");
    }
}
