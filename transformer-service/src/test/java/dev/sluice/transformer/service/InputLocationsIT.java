package dev.sluice.transformer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.PipelineSpecs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Where a transform may read an input from: a data-ready event's location, its manifest and every file the manifest
 * lists must lie under the dataset's allowed prefixes, or nothing is read (trust boundaries, case 2).
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLocationsIT {
    static final String BUCKET = "locit-sluice-data";
    static final String OTHER = "another-teams-bucket";

    private final AwsClients aws;
    private PipelineSpecs specs;
    @TempDir
    static Path dir;

    InputLocationsIT(AwsClients aws) {
        this.aws = aws;
    }

    @BeforeAll
    void setUp() throws Exception {
        Files.writeString(dir.resolve("specs.yaml"), """
                datasets:
                  - {name: rates, external: true, locations: ["s3://{bucket}/reference/rates/"]}
                  - {name: unplaced, external: true}
                  - {name: facts}
                jobs:
                  - name: build
                    inputs:
                      - {dataset: rates, mapping: latest}
                      - {dataset: unplaced, mapping: latest}
                    outputs: [{dataset: facts, sql: q.sql}]
                """);
        Files.writeString(dir.resolve("q.sql"), "SELECT * FROM rates");
        specs = PipelineSpecs.load(dir);
        for (String bucket : List.of(BUCKET, OTHER)) {
            aws.s3().createBucket(b -> b.bucket(bucket));
        }
        aws.s3().putObject(b -> b.bucket(OTHER).key("secret/payroll.parquet"), RequestBody.fromString("not for sluice"));
    }

    InputLocations locations(long maxManifestBytes) {
        return new InputLocations(aws, new AllowedLocations(specs, BUCKET), maxManifestBytes);
    }

    static InputVersion input(String dataset, URI location, URI manifest) {
        return new InputVersion(dataset, Partition.NONE, 1, location, manifest);
    }

    void putManifest(String key, String... files) {
        StringBuilder json = new StringBuilder("{\"files\": [");
        for (int i = 0; i < files.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"uri\": \"").append(files[i]).append("\"}");
        }
        aws.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(json.append("]}").toString()));
    }

    @Test
    void locationsUnderTheDeclaredPrefixesAreRead() {
        URI inside = URI.create("s3://" + BUCKET + "/reference/rates/rates.parquet");
        assertThat(locations(1 << 20).of(input("rates", inside, null))).containsExactly(inside);

        putManifest("datasets/facts/_manifests/0000000001-run.json", "s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet");
        assertThat(locations(1 << 20).of(input("facts", null, URI.create("s3://" + BUCKET + "/datasets/facts/_manifests/0000000001-run.json"))))
                .containsExactly(URI.create("s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet"));
    }

    @Test
    void aLocationElsewhereIsRefusedBeforeAnythingIsRead() {
        for (String location : List.of("s3://" + OTHER + "/secret/payroll.parquet", "s3://" + BUCKET + "/reference/other/x.parquet",
                "s3://" + BUCKET + "/reference/rates/../../secret/x.parquet", "https://" + BUCKET + "/reference/rates/x.parquet")) {
            assertThatThrownBy(() -> locations(1 << 20).of(input("rates", URI.create(location), null)))
                    .isInstanceOfSatisfying(ClassifiedException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo(ErrorClass.LOCATION_REFUSED);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("location '" + location + "' is outside the locations dataset rates may live under [s3://"
                            + BUCKET + "/reference/rates/]");
        }
        assertThatThrownBy(() -> locations(1 << 20).of(input("unplaced", URI.create("s3://" + BUCKET + "/x/y.parquet"), null)))
                .hasMessageContaining("(none declared: an external dataset read by a transform declares 'locations:')");
    }

    @Test
    void aManifestElsewhereOrListingAFileElsewhereIsRefused() {
        assertThatThrownBy(() -> locations(1 << 20).of(input("facts", null, URI.create("s3://" + OTHER + "/secret/manifest.json"))))
                .hasMessageContaining("manifest 's3://" + OTHER + "/secret/manifest.json' is outside the locations dataset facts");
        putManifest("datasets/facts/_manifests/0000000002-run.json", "s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet",
                "s3://" + OTHER + "/secret/payroll.parquet");
        assertThatThrownBy(() -> locations(1 << 20).of(input("facts", null,
                URI.create("s3://" + BUCKET + "/datasets/facts/_manifests/0000000002-run.json"))))
                .isInstanceOf(ClassifiedException.class)
                .hasMessageContaining("a file its manifest lists 's3://" + OTHER + "/secret/payroll.parquet' is outside");
    }

    @Test
    void anOversizedManifestIsRefusedBeforeItIsRead() {
        putManifest("datasets/facts/_manifests/0000000003-run.json", "s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet");
        assertThatThrownBy(() -> locations(10).of(input("facts", null,
                URI.create("s3://" + BUCKET + "/datasets/facts/_manifests/0000000003-run.json"))))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.LIMIT_EXCEEDED))
                .hasMessageContaining("more than SLUICE_TRANSFORM_MAX_MANIFEST_BYTES (10)");
    }

    @Test
    void theSizesOfASluiceManifestAreKeptOnlyWhenTheCallerTrustsIt() {
        String file = "s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet";
        aws.s3().putObject(b -> b.bucket(BUCKET).key("datasets/facts/_manifests/0000000004-run.json"), RequestBody.fromString(
                "{\"files\": [{\"uri\": \"" + file + "\", \"bytes\": 1234, \"rows\": 5}]}"));
        URI manifest = URI.create("s3://" + BUCKET + "/datasets/facts/_manifests/0000000004-run.json");
        java.util.Map<URI, Long> sizes = new java.util.LinkedHashMap<>();
        assertThat(locations(1 << 20).of(input("facts", null, manifest), sizes, true)).containsExactly(URI.create(file));
        assertThat(sizes).containsExactly(java.util.Map.entry(URI.create(file), 1234L));
        // an upstream team's manifest: the files, but no sizes (the store is asked, so the input limit holds)
        sizes.clear();
        assertThat(locations(1 << 20).of(input("facts", null, manifest), sizes, false)).containsExactly(URI.create(file));
        assertThat(sizes).isEmpty();
    }

    @Test
    void aManifestSizeThatIsNotACountOfBytesIsNotTakenAndTheStoreIsAsked() {
        String file = "s3://" + BUCKET + "/datasets/facts/run=r/part-00000.parquet";
        java.util.Map<URI, Long> sizes = new java.util.LinkedHashMap<>();
        for (String bytes : List.of("-5", "\"1234\"", "1.5", "null")) {
            String key = "datasets/facts/_manifests/bad-bytes-" + Math.abs(bytes.hashCode()) + ".json";
            aws.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(
                    "{\"files\": [{\"uri\": \"" + file + "\", \"bytes\": " + bytes + "}]}"));
            assertThat(locations(1 << 20).of(input("facts", null, URI.create("s3://" + BUCKET + "/" + key)), sizes, true))
                    .as(bytes).containsExactly(URI.create(file));
        }
        assertThat(sizes).isEmpty();
    }
}
