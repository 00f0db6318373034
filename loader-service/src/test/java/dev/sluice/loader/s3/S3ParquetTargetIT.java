package dev.sluice.loader.s3;

import static dev.sluice.loader.TestData.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.loader.DatasetPublisher;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.StagedData;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetResult;
import dev.sluice.loader.TestData;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The S3 Parquet target on the local S3 (fauxqs), its pointer in DynamoDB Local's dataset-versions table. */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3ParquetTargetIT {
    static final String JOB = "build_order_facts";
    static final String DATASET = "order_facts";

    AwsClients aws;
    String bucket;
    String versionsTable;
    @TempDir
    Path dir;

    @BeforeAll
    void provision(AwsClients aws) {
        this.aws = aws;
        Topology topology = TestData.provisionTables(aws, TestData.env("ldr-s3"));
        bucket = topology.buckets().getFirst();
        versionsTable = topology.table(TableRole.DATASET_VERSIONS).name();
    }

    S3ParquetTarget target(Path work) {
        TargetContext context = TestData.context(Map.of(), aws, bucket, work);
        return S3ParquetTargetFactory.datasetLocation(context, new DynamoDbDatasetVersionStore(aws.dynamoDb(), versionsTable));
    }

    LoadRequest request(long generation, String runId, String select) {
        StagedOutput staged = TestData.stage(aws, bucket, JOB, DATASET, DAY, runId, select, dir);
        return new LoadRequest(JOB, runId, generation, DAY, staged,
                new StagedData(staged, () -> new S3Transfer(aws), dir.resolve("work-" + runId + "-" + generation)));
    }

    Map<String, AttributeValue> pointer() {
        return aws.dynamoDb().getItem(b -> b.tableName(versionsTable).consistentRead(true)
                .key(Map.of("dataset", AttributeValue.fromS(DATASET), "partitionKey", AttributeValue.fromS(DAY.key())))).item();
    }

    List<String> keysUnderPartition() {
        return new S3Transfer(aws).list(new S3Uri(bucket, "datasets/" + DATASET + "/" + DAY.key() + "/")).stream()
                .map(o -> o.uri().key().substring(("datasets/" + DATASET + "/" + DAY.key() + "/").length())).toList();
    }

    /** Reads what a reader following the pointer sees: the manifest's files, through DuckDB. */
    List<Map<String, Object>> readCurrent(S3ParquetTarget target) {
        URI manifestUri = URI.create(pointer().get("manifest").s());
        DatasetManifest manifest = target.readManifest(S3Uri.parse(manifestUri.toString())).orElseThrow();
        List<S3ObjectRef> files = manifest.files().stream().map(f -> new S3ObjectRef(S3Uri.parse(f.uri().toString()), f.bytes())).toList();
        List<Path> local = new S3Transfer(aws).download(files, dir.resolve("read-" + System.nanoTime())).stream()
                .map(S3Transfer.Downloaded::file).toList();
        try (DuckDbSession db = DuckDbSession.open(TestData.duckDb(dir))) {
            return db.query("SELECT id, country, revenue FROM read_parquet(?) ORDER BY id", local.stream().map(Path::toString).toList());
        }
    }

    @Test
    void generationsPublishInOrderAndLateOnesChangeNothing() {
        S3ParquetTarget target = target(dir);

        // 1. First load: files under the run prefix, a manifest, the pointer at generation 1.
        LoadRequest first = request(1, "run-1", "SELECT * FROM (VALUES (1, 'de', 10.5), (2, 'fr', 20.0), (3, 'it', 7.25)) t(id, country, revenue)");
        TargetResult loaded = target.load(first);
        assertThat(loaded.status()).isEqualTo(TargetResult.Status.LOADED);
        String base = "s3://" + bucket + "/datasets/order_facts/date=2026-11-20/";
        assertThat(loaded.manifest()).hasToString(base + "_manifests/0000000001-run-1.json");
        assertThat(loaded.location()).hasToString(base + "run=run-1/");
        assertThat(loaded.rows()).isEqualTo(3);
        assertThat(keysUnderPartition()).containsExactly("_manifests/0000000001-run-1.json", "run=run-1/part-00000.parquet");

        DatasetManifest manifest = target.readManifest(S3Uri.parse(loaded.manifest().toString())).orElseThrow();
        assertThat(manifest.generation()).isEqualTo(1);
        assertThat(manifest.runId()).isEqualTo("run-1");
        assertThat(manifest.job()).isEqualTo(JOB);
        assertThat(manifest.partition()).isEqualTo(DAY);
        assertThat(manifest.format()).isEqualTo("parquet");
        assertThat(manifest.rowCount()).isEqualTo(3);
        assertThat(manifest.schema()).isEqualTo(first.staged().schema());
        assertThat(manifest.files()).singleElement().satisfies(f -> {
            assertThat(f.uri()).hasToString(base + "run=run-1/part-00000.parquet");
            assertThat(f.bytes()).isEqualTo(first.staged().bytes());
            assertThat(f.rows()).isEqualTo(3);
        });
        assertThat(manifest.bytes()).isEqualTo(first.staged().bytes()).isEqualTo(loaded.bytes());
        assertThat(manifest.createdAt()).isNotNull();

        Map<String, AttributeValue> item = pointer();
        assertThat(item.get("version").n()).isEqualTo("1");
        assertThat(item.get("manifest").s()).isEqualTo(loaded.manifest().toString());
        assertThat(item.get("location").s()).isEqualTo(base + "run=run-1/");
        assertThat(item.get("fingerprint").s()).isEqualTo(first.staged().schema().fingerprint());
        assertThat(item.get("runId").s()).isEqualTo("run-1");
        assertThat(readCurrent(target)).extracting(r -> r.get("country")).containsExactly("de", "fr", "it");

        // 2. Redelivery of the same generation: nothing is written again.
        String manifestEtag = aws.s3().headObject(b -> b.bucket(bucket).key("datasets/order_facts/date=2026-11-20/_manifests/0000000001-run-1.json")).eTag();
        TargetResult again = target.load(request(1, "run-1", "SELECT * FROM (VALUES (1, 'de', 10.5), (2, 'fr', 20.0), (3, 'it', 7.25)) t(id, country, revenue)"));
        assertThat(again.status()).isEqualTo(TargetResult.Status.UNCHANGED);
        assertThat(again.manifest()).isEqualTo(loaded.manifest());
        assertThat(again.rows()).isEqualTo(3);
        assertThat(again.bytes()).isEqualTo(loaded.bytes());
        assertThat(pointer()).isEqualTo(item);
        assertThat(keysUnderPartition()).containsExactly("_manifests/0000000001-run-1.json", "run=run-1/part-00000.parquet");
        assertThat(aws.s3().headObject(b -> b.bucket(bucket).key("datasets/order_facts/date=2026-11-20/_manifests/0000000001-run-1.json")).eTag())
                .isEqualTo(manifestEtag);

        // 3. A newer generation replaces the partition for readers.
        TargetResult second = target.load(request(2, "run-2", "SELECT * FROM (VALUES (1, 'de', 11.0), (4, 'es', 3.0)) t(id, country, revenue)"));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(pointer().get("version").n()).isEqualTo("2");
        assertThat(pointer().get("manifest").s()).isEqualTo(base + "_manifests/0000000002-run-2.json");
        assertThat(readCurrent(target)).extracting(r -> r.get("id") + ":" + r.get("country")).containsExactly("1:de", "4:es");

        // 4. An older generation arriving late changes nothing: not a file, not the pointer.
        List<String> before = keysUnderPartition();
        TargetResult late = target.load(request(1, "run-1", "SELECT * FROM (VALUES (9, 'xx', 0.0)) t(id, country, revenue)"));
        assertThat(late.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(late.currentGeneration()).isEqualTo(2);
        assertThat(keysUnderPartition()).isEqualTo(before);
        assertThat(pointer().get("version").n()).isEqualTo("2");

        // 5. A generation overtaken between its copy and its pointer move leaves nothing behind.
        DatasetPublisher.Publication third = target.prepare(request(3, "run-3", "SELECT * FROM (VALUES (5, 'pt', 1.0)) t(id, country, revenue)"));
        assertThat(keysUnderPartition()).contains("_manifests/0000000003-run-3.json", "run=run-3/part-00000.parquet");
        assertThat(pointer().get("version").n()).as("prepared, not current").isEqualTo("2");
        assertThat(target.load(request(4, "run-4", "SELECT * FROM (VALUES (6, 'nl', 2.0)) t(id, country, revenue)")).status())
                .isEqualTo(TargetResult.Status.LOADED);
        TargetResult overtaken = third.commit();
        assertThat(overtaken.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(overtaken.currentGeneration()).isEqualTo(4);
        assertThat(keysUnderPartition()).noneMatch(k -> k.contains("run-3"));
        assertThat(pointer().get("version").n()).isEqualTo("4");
        assertThat(readCurrent(target)).extracting(r -> r.get("country")).containsExactly("nl");
    }

    @Test
    void anExtraCopyFollowsItsGreatestManifest() {
        TargetContext context = TestData.context(Map.of(), aws, bucket, dir);
        S3ParquetTarget copy = (S3ParquetTarget) new S3ParquetTargetFactory().create(TestData.spec("s3-parquet", "prefix", "exports/v1"), context);
        assertThat(copy.describe()).isEqualTo("s3-parquet s3://" + bucket + "/exports/v1/");
        String partition = "exports/v1/order_facts/date=2026-11-20/";

        assertThat(copy.load(request(1, "x-1", "SELECT 1 AS id, 'de' AS country, 1.0 AS revenue")).status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(copy.load(request(1, "x-1", "SELECT 1 AS id, 'de' AS country, 1.0 AS revenue")).status()).isEqualTo(TargetResult.Status.UNCHANGED);
        TargetResult second = copy.load(request(2, "x-2", "SELECT 2 AS id, 'fr' AS country, 2.0 AS revenue"));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(second.manifest()).hasToString("s3://" + bucket + "/" + partition + "_manifests/0000000002-x-2.json");
        TargetResult late = copy.load(request(1, "x-1", "SELECT 1 AS id, 'de' AS country, 1.0 AS revenue"));
        assertThat(late.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(new S3Transfer(aws).list(new S3Uri(bucket, partition)).stream().map(o -> o.uri().key().substring(partition.length())))
                .containsExactly("_manifests/0000000001-x-1.json", "_manifests/0000000002-x-2.json",
                        "run=x-1/part-00000.parquet", "run=x-2/part-00000.parquet");
        assertThat(aws.dynamoDb().scan(b -> b.tableName(versionsTable)).items())
                .as("an extra copy leaves the dataset-versions table alone")
                .noneMatch(i -> i.containsKey("runId") && i.get("runId").s().startsWith("x-"));
    }
}
