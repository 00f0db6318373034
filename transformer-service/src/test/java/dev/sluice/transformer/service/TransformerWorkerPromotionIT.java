package dev.sluice.transformer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import dev.sluice.transformer.TransformSettings;
import dev.sluice.transformer.xl.XlTransform;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Automatic promotion ({@code promoteTo: xl}): a large job whose inputs exceed the large limit has its transform
 * submitted to Spark, with the same SQL, inputs and staging prefix, instead of failing; a large job without it fails
 * with {@code InputTooLarge}, and neither downloads anything first. The Spark side here is a recording submitter that
 * stages what the driver would (the driver itself runs on Spark in {@code SampleXlPipelineE2EIT}).
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransformerWorkerPromotionIT {
    static final String BUCKET = "promit-sluice-data";
    static final Partition DAY = Partition.of("date", "2026-11-20");

    private final AwsClients aws;
    private final List<SparkJobRequest> submitted = new CopyOnWriteArrayList<>();
    private WorkerFixture fixture;
    private TransformerWorker worker;
    @TempDir
    static Path dir;

    TransformerWorkerPromotionIT(AwsClients aws) {
        this.aws = aws;
    }

    @BeforeAll
    void setUp() throws Exception {
        XlTransform spark = new XlTransform(request -> {
            submitted.add(request);
            String staged = request.stagingPrefix() + "part-00000.parquet";
            URI uri = URI.create(staged);
            aws.s3().putObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)), RequestBody.fromBytes(new byte[] {1, 2, 3}));
            return new SparkJobResult(true, null, null, List.of(staged), Map.of("page", "VARCHAR", "clicks", "BIGINT"), 2, 3, List.of());
        });
        // The large limit is 100 bytes: any Parquet file exceeds it.
        fixture = new WorkerFixture(aws, BUCKET, dir, Map.of("specs.yaml", """
                datasets:
                  - {name: clicks, owner: web, external: true, partitioning: [{name: date, type: date}], locations: ["s3://{bucket}/raw/clicks/"]}
                  - {name: page_counts, owner: analytics, partitioning: [{name: date, type: date}]}
                  - {name: page_counts_fixed, owner: analytics, partitioning: [{name: date, type: date}]}
                jobs:
                  - name: count_pages
                    owner: analytics
                    sizeClass: large
                    promoteTo: xl
                    inputs: [{dataset: clicks, mapping: same}]
                    outputs: [{dataset: page_counts, sql: count.sql}]
                  - name: count_pages_fixed
                    owner: analytics
                    sizeClass: large
                    inputs: [{dataset: clicks, mapping: same}]
                    outputs: [{dataset: page_counts_fixed, sql: count.sql}]
                """,
                "count.sql", "select page, count(*) as clicks from clicks group by page"),
                Map.of(TransformSettings.LARGE_MAX_INPUT, "100"), () -> spark);
        worker = fixture.worker;
    }

    @Test
    void aLargeJobOverItsLimitRunsOnSparkWhenItMayBePromotedAndFailsWhenNot() throws Exception {
        InputVersion clicks = clicks();

        StageOutput promoted = worker.run(work("run-p", "count_pages", clicks));
        assertThat(submitted).singleElement().satisfies(request -> {
            assertThat(request.job()).isEqualTo("count_pages");
            assertThat(request.sql()).isEqualTo("select page, count(*) as clicks from clicks group by page");
            assertThat(request.inputs()).containsOnlyKeys("clicks");
            assertThat(request.inputs().get("clicks")).containsExactly(clicks.location().toString());
            assertThat(request.stagingPrefix()).startsWith("s3://" + BUCKET + "/staging/count_pages/").contains("run-p");
        });
        assertThat(promoted.outputs()).singleElement().satisfies(o -> {
            assertThat(o.rowCount()).isEqualTo(2);
            assertThat(o.files()).singleElement().asString().startsWith("s3://" + BUCKET + "/staging/count_pages/");
        });

        assertThatThrownBy(() -> worker.run(work("run-f", "count_pages_fixed", clicks)))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INPUT_TOO_LARGE))
                .hasMessageContaining("count_pages_fixed").hasMessageContaining("100");
        assertThat(submitted).hasSize(1);
    }

    private InputVersion clicks() throws Exception {
        return fixture.parquetInput("clicks", DAY, "raw/clicks/" + DAY.key() + "/part-0.parquet",
                "select * from (values ('home'), ('home'), ('cart')) t(page)");
    }

    private StageWork work(String runId, String job, InputVersion input) {
        return fixture.work(runId, job, DAY, List.of(input));
    }
}
