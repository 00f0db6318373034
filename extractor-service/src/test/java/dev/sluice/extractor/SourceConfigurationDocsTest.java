package dev.sluice.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each source declares the service settings it reads, and docs/configuration.md lists them. */
class SourceConfigurationDocsTest {

    @Test
    void everySourceDeclaresItsSettingsAndTheDocsListThem() throws Exception {
        Map<String, List<String>> declared = new TreeMap<>();
        for (SourceFactory factory : ServiceLoader.load(SourceFactory.class)) {
            declared.put(factory.type(), factory.configuration().stream().map(SettingDef::name).toList());
        }
        assertThat(declared.get("jdbc")).contains("SLUICE_JDBC_<NAME>_URL", "SLUICE_JDBC_<NAME>_PASSWORD_REF", "SLUICE_VAR_<NAME>");
        assertThat(declared.get("http")).contains("SLUICE_VAR_<NAME>", "SLUICE_HTTP_<NAME>_URL", "SLUICE_HTTP_<NAME>_AUTH_REF",
                "SLUICE_HTTP_<NAME>_ALLOW_INSECURE", "SLUICE_HTTP_<NAME>_ALLOW_PRIVATE_ADDRESSES");
        Path doc = Path.of("..", "docs", "configuration.md");
        assumeTrue(Files.exists(doc), "docs not found from " + Path.of("").toAbsolutePath());
        String markdown = Files.readString(doc);
        for (SourceFactory factory : ServiceLoader.load(SourceFactory.class)) {
            assertThat(SettingsDoc.undocumented(markdown, factory.configuration())).as(factory.type()).isEmpty();
        }
    }
}
