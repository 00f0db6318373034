package dev.sluice.loader;

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

/** Each target declares the service settings it reads, and docs/configuration.md lists them. */
class TargetConfigurationDocsTest {

    @Test
    void everyTargetDeclaresItsSettingsAndTheDocsListThem() throws Exception {
        Map<String, List<String>> declared = new TreeMap<>();
        for (TargetFactory factory : ServiceLoader.load(TargetFactory.class)) {
            declared.put(factory.type(), factory.configuration().stream().map(SettingDef::name).toList());
        }
        assertThat(declared.get("jdbc")).contains("SLUICE_JDBC_<NAME>_URL", "SLUICE_JDBC_<NAME>_USER");
        assertThat(declared.get("opensearch")).contains("SLUICE_OPENSEARCH_URL", "SLUICE_OPENSEARCH_<NAME>_URL");
        Path doc = Path.of("..", "docs", "configuration.md");
        assumeTrue(Files.exists(doc), "docs not found from " + Path.of("").toAbsolutePath());
        String markdown = Files.readString(doc);
        for (TargetFactory factory : ServiceLoader.load(TargetFactory.class)) {
            assertThat(SettingsDoc.undocumented(markdown, factory.configuration())).as(factory.type()).isEmpty();
        }
    }
}
