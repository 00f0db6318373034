package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.load.SpecError;
import dev.sluice.spec.model.ShadowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code shadow:} field of a job: what it accepts, and each refusal naming the field and the value. */
class ShadowSpecTest {

    @TempDir
    Path dir;

    /**
     * A spec with a legacy dataset under s3://legacy-bucket/warehouse/ and a job {@code order_facts}; {@code extraJobFields}
     * then {@code shadow} are appended to the job's first output, then {@code extraJobs}.
     */
    private List<String> errors(String shadow, String extraJobFields, String extraJobs) throws IOException {
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/facts.sql"), "select * from orders\n");
        Files.writeString(dir.resolve("specs.yaml"), """
                datasets:
                  - name: orders
                    owner: upstream
                    external: true
                    locations: [s3://raw-bucket/orders/]
                    partitioning:
                      - {name: date, type: date}
                  - name: legacy_order_facts
                    owner: analytics
                    external: true
                    locations: [s3://legacy-bucket/warehouse/]
                    partitioning:
                      - {name: date, type: date}
                  - name: order_facts_shadow
                    owner: analytics
                    partitioning:
                      - {name: date, type: date}
                jobs:
                  - name: order_facts
                    owner: analytics
                    inputs:
                      - {dataset: orders, mapping: same}
                    outputs:
                      - dataset: order_facts_shadow
                        sql: sql/facts.sql
                """ + extraJobFields + shadow + extraJobs);
        return PipelineSpecs.check(dir).errors().stream()
                .map(e -> new SpecError(dir.relativize(e.file()), e.line(), e.path(), e.message()).toString())
                .toList();
    }

    private List<String> errors(String shadow) throws IOException {
        return errors(shadow, "", "");
    }

    @Test
    void anS3TemplateUnderADeclaredLocationAndAJdbcTableAreAccepted() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "s3://legacy-bucket/warehouse/order_facts/date={date}/", key: [order_id]}
                """)).isEmpty();
        assertThat(errors("""
                    shadow: {legacy: "jdbc:legacy/analytics.order_facts", key: [order_id, line]}
                """)).isEmpty();
        PipelineSpecs specs = PipelineSpecs.load(dir);
        ShadowSpec shadow = specs.job("order_facts").shadowMode().orElseThrow();
        assertThat(shadow.isJdbc()).isTrue();
        assertThat(shadow.key()).containsExactly("order_id", "line");
    }

    @Test
    void aTemplateResolvesPerPartitionAndTheEnvironmentBucket() {
        ShadowSpec shadow = new ShadowSpec("s3://{bucket}/legacy/facts/date={date}/region={region}/", List.of("id"));
        assertThat(shadow.placeholders()).containsExactly("date", "region");
        assertThat(shadow.legacyFor(Map.of("date", "2026-11-20", "region", "eu"), "env-bucket"))
                .isEqualTo("s3://env-bucket/legacy/facts/date=2026-11-20/region=eu/");
        assertThat(new ShadowSpec("jdbc:legacy/facts", List.of("id")).legacyFor(Map.of("date", "2026-11-20"), "b"))
                .isEqualTo("jdbc:legacy/facts");
    }

    @Test
    void aMissingLegacyIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow: shadow.legacy is required: an S3 template such as"
                + " s3://bucket/legacy/orders/date={date}/ or jdbc:<connection>/<table>");
    }

    @Test
    void aLegacyOfAnotherSchemeIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "https://legacy-bucket/warehouse/{date}/", key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy 'https://legacy-bucket/warehouse/{date}/'"
                + " is neither an S3 template such as s3://bucket/legacy/orders/date={date}/ (s3://, a bucket, path segments"
                + " without . or .., the partition's dimensions in braces) nor jdbc:<connection>/<table>");
    }

    @Test
    void aLegacyPathThatClimbsOutIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "s3://legacy-bucket/warehouse/../secrets/date={date}/", key: [order_id]}
                """)).singleElement().asString()
                .startsWith("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy 's3://legacy-bucket/warehouse/../secrets/date={date}/'"
                        + " is neither an S3 template");
    }

    @Test
    void aBadJdbcTableIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "jdbc:legacy/facts; drop table x", key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy 'jdbc:legacy/facts; drop table x'"
                + " is not jdbc:<connection>/<table> (a connection such as legacy, a table such as analytics.order_facts)");
    }

    @Test
    void aLegacyOutsideTheDeclaredLocationsIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "s3://other-bucket/order_facts/date={date}/", key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy 's3://other-bucket/order_facts/date={date}/'"
                + " is not under a declared location: the legacy data must lie under the locations: of an external dataset of"
                + " the specs (declared: [s3://legacy-bucket/warehouse/, s3://raw-bucket/orders/]); declare a dataset for the"
                + " legacy output with its prefix");
    }

    @Test
    void aPlaceholderThatIsNotADimensionIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "s3://legacy-bucket/warehouse/date={date}/region={region}/", key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy"
                + " 's3://legacy-bucket/warehouse/date={date}/region={region}/' names {region}, which is not a dimension of"
                + " job 'order_facts' [date]");
    }

    @Test
    void aTemplateWithoutTheJobsDimensionIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "s3://legacy-bucket/warehouse/order_facts/", key: [order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.legacy: shadow.legacy"
                + " 's3://legacy-bucket/warehouse/order_facts/' does not name the dimension {date}, so every partition would be"
                + " compared with the same legacy data");
    }

    @Test
    void anEmptyOrRepeatedKeyIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "jdbc:legacy/facts", key: []}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.key: shadow.key is empty; name the columns that identify"
                + " a row in both the shadow output and the legacy output, e.g. key: [order_id]");
        assertThat(errors("""
                    shadow: {legacy: "jdbc:legacy/facts", key: [order_id, order_id]}
                """)).containsExactly("specs.yaml:26: jobs[0].shadow.key[1]: shadow.key names 'order_id' twice in [order_id, order_id]");
    }

    @Test
    void aShadowOutputWithTargetsIsRefused() throws IOException {
        assertThat(errors("""
                    shadow: {legacy: "jdbc:legacy/facts", key: [order_id]}
                """, """
                        targets:
                          - {type: jdbc, connection: warehouse, table: order_facts}
                """, "")).containsExactly("specs.yaml:26: jobs[0].outputs[0].targets: output 'order_facts_shadow' of shadow job"
                + " 'order_facts' declares targets; a shadow job writes its shadow dataset only");
    }

    @Test
    void aShadowOutputConsumedByAJobIsRefused() throws IOException {
        List<String> errors = errors("""
                    shadow: {legacy: "jdbc:legacy/facts", key: [order_id]}
                """, "", """
                  - name: downstream
                    owner: analytics
                    inputs:
                      - {dataset: order_facts_shadow, mapping: same}
                    outputs:
                      - dataset: order_facts_shadow
                        sql: sql/facts.sql
                """);
        assertThat(errors).anySatisfy(e -> assertThat(e).isEqualTo("specs.yaml:24: jobs[0].outputs[0].dataset: output"
                + " 'order_facts_shadow' of shadow job 'order_facts' is an input of job 'downstream' (" + dir.resolve("specs.yaml")
                + ":27); a shadow dataset gets no data-ready, so no job may consume it"));
    }

    @Test
    void aShadowJobWithTwoOutputsIsRefused() throws IOException {
        List<String> errors = errors("""
                      - dataset: legacy_order_facts
                        sql: sql/facts.sql
                    shadow: {legacy: "jdbc:legacy/facts", key: [order_id]}
                """);
        assertThat(errors).contains("specs.yaml:23: jobs[0].outputs: job 'order_facts' is in shadow mode and has 2 outputs;"
                + " a shadow job has exactly one output, the shadow dataset compared with shadow.legacy");
    }
}
