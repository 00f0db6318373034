package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/contracts.md shows every sample verbatim, so the docs cannot drift from the tested samples. */
class DocsTest {

    private static final Path DOC = Path.of("..", "docs", "contracts.md"); // from the module directory

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theDocsShowTheSample(EventType type) throws Exception {
        assumeTrue(Files.exists(DOC), "docs not found from " + Path.of("").toAbsolutePath());
        String doc = Files.readString(DOC);
        assertThat(doc).contains("### " + type.type()).contains("contracts/schemas/" + type.schemaFile())
                .contains("```json\n" + Samples.text(type).strip() + "\n```");
    }

    @ParameterizedTest
    @EnumSource(ErrorClass.class)
    void theDocsListTheErrorClass(ErrorClass errorClass) throws Exception {
        assumeTrue(Files.exists(DOC), "docs not found from " + Path.of("").toAbsolutePath());
        assertThat(Files.readString(DOC)).contains("| `" + errorClass.wireName() + "` | "
                + (errorClass.retryableByDefault() ? "yes" : "no") + " | ");
    }
}
