package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.dataplane.http.HttpConnectionSettings;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.spec.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every data-plane setting with its default. */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md"); // from the module directory

    @Test
    void theDocsListEveryDeclaredSettingWithItsDefault() throws Exception {
        assumeTrue(Files.exists(DOC), "docs not found from " + Path.of("").toAbsolutePath());
        String doc = Files.readString(DOC);
        assertThat(SettingsDoc.undocumented(doc, DuckDbResources.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, JdbcConnectionSettings.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, HttpConnectionSettings.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, SecretResolvers.DEFINITIONS)).isEmpty();
    }
}
