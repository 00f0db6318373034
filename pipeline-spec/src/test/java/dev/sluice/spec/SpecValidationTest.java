package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.load.SpecError;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fixture directory per error class; each test asserts the exact file, line, path and message. */
class SpecValidationTest {

    static Path fixture(String name) {
        try {
            return Path.of(SpecValidationTest.class.getResource("/specs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Errors of a fixture as {@code file:line: path: message}, with the file relative to the fixture. */
    static List<String> errors(String name) {
        Path dir = fixture(name);
        return PipelineSpecs.check(dir).errors().stream()
                .map(e -> new SpecError(dir.relativize(e.file()), e.line(), e.path(), e.message()).toString())
                .toList();
    }

    @Test
    void validSpecsLoadWithSummary() {
        PipelineSpecs specs = PipelineSpecs.load(fixture("valid"));
        assertThat(specs.jobs()).hasSize(2);
        assertThat(specs.datasets()).hasSize(5);
        assertThat(specs.depth()).isEqualTo(2);
        assertThat(specs.producerOf("daily_events")).map(j -> j.name()).contains("daily");
        assertThat(specs.consumersOf("daily_events")).extracting(j -> j.name()).containsExactly("weekly");
        assertThat(specs.digest(specs.job("daily"))).matches("sha256:[0-9a-f]{64}");
        assertThat(specs.sqlOf(specs.job("daily"), specs.job("daily").outputs().getFirst())).contains("select 1 as x\n");
    }

    @Test
    void unknownDatasetIsNamedWithSuggestion() {
        assertThat(errors("unknown-dataset")).containsExactly(
                "specs.yaml:9: jobs[0].inputs[1].dataset: unknown dataset 'custmers'");
    }

    @Test
    void cycleIsPrinted() {
        assertThat(errors("cycle")).containsExactly(
                "specs.yaml:7: jobs[0].inputs: cycle: make_a needs c from make_c, make_c needs b from make_b, make_b needs a from make_a");
    }

    @Test
    void twoProducersOfOneDataset() {
        assertThat(errors("two-producers")).containsExactly(
                "specs.yaml:11: jobs[1].outputs[0].dataset: dataset 'out' has two producers: job 'first' ("
                        + fixture("two-producers").resolve("specs.yaml") + ":6) and job 'second'");
    }

    @Test
    void missingSqlFile() {
        assertThat(errors("missing-sql")).containsExactly(
                "specs.yaml:10: jobs[0].outputs[0].sql: SQL file not found: " + fixture("missing-sql").resolve("sql/missing.sql"));
    }

    @Test
    void sqlPathsOutsideTheSpecDirectoryAreRefused() {
        String inside = "; every path in a spec must stay inside the spec directory " + fixture("sql-outside-spec-dir");
        assertThat(errors("sql-outside-spec-dir")).containsExactly(
                "specs.yaml:12: jobs[0].outputs[0].sql: sql path '../../../etc/passwd' leads outside the spec directory" + inside,
                "specs.yaml:17: jobs[1].outputs[0].sql: sql path '../valid/sql/daily.sql' leads outside the spec directory" + inside,
                "specs.yaml:22: jobs[2].outputs[0].sql: sql path '/etc/passwd' leads outside the spec directory" + inside);
        assertThat(PipelineSpecs.check(fixture("sql-outside-spec-dir")).specs()).as("nothing loaded").isEmpty();
    }

    @Test
    void aSymbolicLinkOutOfTheSpecDirectoryIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        Path outside = java.nio.file.Files.writeString(tmp.resolve("secret.sql"), "select 'secret'");
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("specs/sql"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("link.sql"), outside);
        java.nio.file.Files.writeString(dir.getParent().resolve("specs.yaml"), """
                datasets:
                  - {name: src, external: true}
                  - {name: out}
                jobs:
                  - name: build
                    inputs: [{dataset: src}]
                    outputs:
                      - {dataset: out, sql: sql/link.sql}
                """);
        List<SpecError> errors = PipelineSpecs.check(dir.getParent()).errors();
        assertThat(errors).extracting(SpecError::line, SpecError::path, SpecError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(8, "jobs[0].outputs[0].sql", "sql path 'sql/link.sql' is a link that "
                        + "leads outside the spec directory; every path in a spec must stay inside the spec directory "
                        + dir.getParent()));
    }

    @Test
    void offsetOnAStringDimension() {
        assertThat(errors("bad-mapping")).containsExactly(
                "specs.yaml:15: jobs[0].inputs[0].mapping.dimension: mapping offset needs a date or hour dimension, but 'region' is string");
    }

    @Test
    void badCronExpression() {
        assertThat(errors("bad-cron")).containsExactly(
                "specs.yaml:9: jobs[0].deadline.cron: bad cron expression: cron hour value '25' in '0 25 * * *' is outside 0-23");
    }

    @Test
    void badTimeZone() {
        assertThat(errors("bad-timezone")).containsExactly(
                "specs.yaml:10: jobs[0].deadline.timeZone: unknown time zone 'Europe/Atlantis'");
    }

    @Test
    void duplicateJobName() {
        assertThat(errors("duplicate-job")).containsExactly(
                "b.yaml:5: jobs[1].name: duplicate job name 'build', first declared at "
                        + fixture("duplicate-job").resolve("a.yaml") + ":7");
    }

    @Test
    void unknownFieldAndBadEnumAreReportedPerJob() {
        assertThat(errors("unknown-field")).containsExactly(
                "specs.yaml:8: jobs[0].sizeClass: unknown size class 'medium', expected small, large or xl");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThat(errors("invalid-yaml")).hasSize(1).first().asString()
                .startsWith("specs.yaml:5: invalid YAML: ");
    }

    @Test
    void latestNeedsAnUnpartitionedDataset() {
        assertThat(errors("latest-partitioned")).containsExactly(
                "specs.yaml:10: jobs[0].inputs[0].mapping: mapping latest needs an unpartitioned dataset, but 'src' is partitioned by [date]");
    }

    @Test
    void loadThrowsWithEveryError() {
        assertThatThrownBy(() -> PipelineSpecs.load(fixture("cycle")))
                .isInstanceOf(InvalidSpecsException.class)
                .hasMessageContaining("1 spec error(s)")
                .hasMessageContaining("cycle: make_a needs c");
    }

    @Test
    void sampleSpecsOfTheExampleAreValid() {
        Path examples = Path.of("..", "examples", "sample-pipeline", "specs");
        PipelineSpecs.CheckResult result = PipelineSpecs.check(examples);
        assertThat(result.errors()).isEmpty();
        assertThat(result.specs().orElseThrow().depth()).isEqualTo(3);
    }

    @Test
    void aReleaseThatCannotFitAMessageIsRefused() {
        assertThat(errors("release-too-large")).containsExactly(
                "specs.yaml:10: jobs[0].inputs: job 'year_rollup' needs 1098 input partitions per partition, more than the 496"
                        + " a job-released event can carry (256 KiB at 512 bytes per input); narrow the window or the all: dimensions");
    }

    @Test
    void aPartitionedJobWithOnlyUnpartitionedInputsIsRefused() {
        assertThat(errors("open-ended-partitioned")).containsExactly(
                "specs.yaml:6: jobs[0].inputs: job 'snapshot' is partitioned by [date] but every input is unpartitioned (latest,"
                        + " or an unpartitioned dataset), so no arrival names a partition to release; add a partitioned input or leave"
                        + " the outputs unpartitioned");
    }

    @Test
    void locationsAreS3PrefixesOfExternalDatasetsOnly() {
        String shape = " is not an S3 prefix such as s3://bucket/raw/orders/ (s3://, a bucket name, path segments without . or .., ending with /)";
        assertThat(errors("bad-locations")).containsExactly(
                "specs.yaml:2: datasets[0].locations[1]: 's3://upstream-rates/../other/'" + shape,
                "specs.yaml:2: datasets[0].locations[2]: 'https://x/y/'" + shape,
                "specs.yaml:2: datasets[0].locations[3]: 's3://b/no-slash'" + shape,
                "specs.yaml:3: datasets[1].locations: dataset 'daily_rates' is produced by a job: it lives under its dataset prefix"
                        + " in the environment's bucket and cannot declare locations");
    }

    @Test
    void aJobMayReadAnEarlierPartitionOfItsOwnOutputFromItsStart() {
        assertThat(errors("self-dependent")).isEmpty();
        PipelineSpecs specs = PipelineSpecs.load(fixture("self-dependent"));
        assertThat(specs.job("cumulate_totals").startPartition()).containsEntry("date", "2026-11-01");
        assertThat(specs.depth()).isEqualTo(1);
    }

    @Test
    void readingItsOwnOutputOtherwiseIsRefusedNamingTheFieldAndTheValue() {
        assertThat(errors("self-dependent-bad")).containsExactlyInAnyOrder(
                "specs.yaml:27: jobs[0].inputs: cycle: same_partition needs totals_a from same_partition",
                "specs.yaml:29: jobs[0].inputs[1].mapping: job 'same_partition' reads its own output 'totals_a': only an earlier partition"
                        + " may be read ({type: offset, dimension: <a date or hour dimension>, offset: -1 or less}), not {type: same};"
                        + " reading the same partition is a cycle",
                "specs.yaml:32: jobs[1].startPartition: job 'no_start' reads its own output totals_b (offset -1 on date), so it needs"
                        + " startPartition: the first partition, released without its predecessor (e.g. startPartition: {date: ...})",
                "specs.yaml:41: jobs[2].startPartition.date: partition value date=2026-02-30 is not an ISO date (yyyy-mm-dd)",
                "specs.yaml:41: jobs[2].startPartition.region: unknown dimension 'region'; the job is partitioned by [date]",
                "specs.yaml:49: jobs[3].startPartition: job 'start_without_self' does not read its own output; startPartition applies"
                        + " only to a job that reads an earlier partition of its own output");
    }

    @Test
    void aBadScheduleIsRefusedNamingTheFieldAndTheValue() {
        assertThat(errors("bad-schedule")).containsExactlyInAnyOrder(
                "specs.yaml:4: datasets[0].partitioning: schedule dataset 'hourly' must be partitioned by exactly one date dimension"
                        + " (a tick a day) or one hour dimension (a tick an hour), not [date, region]",
                "specs.yaml:7: datasets[0].schedule.catchUp: catchUp must be between PT0S and PT744H, not PT960H",
                "specs.yaml:7: datasets[0].schedule.cron: bad cron expression: cron hour value '25' in '0 25 * * *' is outside 0-23",
                "specs.yaml:7: datasets[0].schedule.timeZone: unknown time zone 'Europe/Atlantis'");
    }

    @Test
    void aBadFileArrivalIsRefusedNamingTheFieldAndTheValue() {
        assertThat(errors("bad-file-arrival")).containsExactlyInAnyOrder(
                "specs.yaml:8: datasets[0].fileArrival: dataset 'drops' declares no locations: a file arrival is accepted only under one of them",
                "specs.yaml:8: datasets[0].fileArrival.key: 'raw/drops/date={date}/_SUCCESS' must name each partition dimension"
                        + " [date, region] exactly once, not [date]",
                "specs.yaml:12: datasets[1].fileArrival: dataset 'made' declares no locations: a file arrival is accepted only under one of them",
                "specs.yaml:12: datasets[1].fileArrival: dataset 'made' is not external: only an upstream team's dataset can be fed by file arrivals",
                "specs.yaml:12: datasets[1].fileArrival.key: '../made/{date}/{region}' is not an S3 key template such as"
                        + " raw/orders/date={date}/_SUCCESS");
    }

    @Test
    void fileArrivalsWhoseNotificationFiltersOverlapAreRefused() {
        assertThat(errors("file-arrivals")).isEmpty();
        assertThat(errors("overlapping-file-arrivals")).containsExactly(
                "specs.yaml:13: datasets[1].fileArrival.key: 'raw/{date}/_SUCCESS' overlaps dataset 'orders_drop''s key"
                        + " 'raw/orders/date={date}/_SUCCESS': S3 cannot send one object's notification for two file arrivals;"
                        + " give them distinct fixed prefixes or suffixes");
    }

    @Test
    void onlyALargeJobMayBePromotedAndOnlyToXl() {
        assertThat(errors("bad-promotion")).containsExactly(
                "specs.yaml:9: jobs[0].promoteTo: job 'small_job' is sizeClass small: only a large job (a container worker,"
                        + " which can wait for Spark) may be promoted to xl",
                "specs.yaml:14: jobs[1].promoteTo: job 'to_large' may be promoted to xl only, not to large");
    }
}
