package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.PipelineSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prefixes the roles get from the specs: a shadow job's S3 legacy location is the loader's to read. */
class SpecPrefixesTest {

    @Test
    void aShadowJobsS3LegacyTemplateBecomesAReadPrefixAndAJdbcOneDoesNot(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("facts.sql"), "select * from orders\n");
        Files.writeString(dir.resolve("specs.yaml"), """
                datasets:
                  - {name: orders, external: true, locations: ["s3://raw/orders/"], partitioning: [{name: date, type: date}]}
                  - {name: legacy, external: true, locations: ["s3://legacy-wh/facts/"], partitioning: [{name: date, type: date}]}
                  - {name: facts_shadow, owner: a, partitioning: [{name: date, type: date}]}
                  - {name: facts_shadow_jdbc, owner: a, partitioning: [{name: date, type: date}]}
                jobs:
                  - name: facts
                    owner: a
                    inputs: [{dataset: orders, mapping: same}]
                    outputs: [{dataset: facts_shadow, sql: facts.sql}]
                    shadow: {legacy: "s3://legacy-wh/facts/date={date}/", key: [id]}
                  - name: facts_jdbc
                    owner: a
                    inputs: [{dataset: orders, mapping: same}]
                    outputs: [{dataset: facts_shadow_jdbc, sql: facts.sql}]
                    shadow: {legacy: "jdbc:legacy/facts", key: [id]}
                """);
        SpecPrefixes prefixes = SpecPrefixes.of(PipelineSpecs.load(dir));
        assertThat(prefixes.shadowLegacy()).containsExactly("legacy-wh/facts/date=*");
        assertThat(prefixes.externalInputs()).containsExactly("legacy-wh/facts/*", "raw/orders/*");
    }
}
