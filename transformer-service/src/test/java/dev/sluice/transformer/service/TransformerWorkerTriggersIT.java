package dev.sluice.transformer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageWork;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The transform stage of a job with triggers among its inputs, through {@link TransformerWorker} against the local
 * S3: a self-dependent job reads an empty view of its own output, typed by the dataset's declared schema, in its start
 * partition, and the previous day's output afterwards; a clock input (a schedule's tick) is no view at all.
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransformerWorkerTriggersIT {
    static final String BUCKET = "twit-sluice-data";
    static final long MIB = 1024 * 1024;

    private final AwsClients aws;
    private WorkerFixture fixture;
    private TransformerWorker worker;
    @TempDir
    static Path dir;

    TransformerWorkerTriggersIT(AwsClients aws) {
        this.aws = aws;
    }

    @BeforeAll
    void setUp() throws Exception {
        fixture = new WorkerFixture(aws, BUCKET, dir, Map.of("specs.yaml", """
                datasets:
                  - name: clicks
                    owner: web
                    external: true
                    partitioning: [{name: date, type: date}]
                    locations: ["s3://{bucket}/raw/clicks/"]
                  - name: morning_close
                    owner: analytics
                    partitioning: [{name: date, type: date}]
                    schedule: {cron: "0 6 * * *", timeZone: Europe/Berlin}
                  - name: click_totals
                    owner: analytics
                    partitioning: [{name: date, type: date}]
                    schema:
                      columns:
                        - {name: page, type: VARCHAR}
                        - {name: clicks, type: BIGINT}
                jobs:
                  - name: cumulate_clicks
                    owner: analytics
                    startPartition: {date: "2026-11-01"}
                    inputs:
                      - {dataset: clicks, mapping: same}
                      - {dataset: click_totals, alias: previous, mapping: {type: offset, dimension: date, offset: -1}}
                      - {dataset: morning_close, mapping: same}
                    outputs:
                      - {dataset: click_totals, sql: cumulate.sql}
                """,
                "cumulate.sql", """
                select page, sum(clicks)::bigint as clicks
                from (select page, clicks from previous union all select page, count(*) as clicks from clicks group by page)
                group by page order by page
                """), Map.of(), () -> {
                    throw new AssertionError("no xl job here");
                });
        worker = fixture.worker;
    }

    @Test
    void theStartPartitionReadsAnEmptyTypedViewOfItsOwnOutputTheNextDayTheFirstDaysOutputAndTheClockIsNoView() throws Exception {
        Partition day1 = Partition.of("date", "2026-11-01");
        Partition day2 = Partition.of("date", "2026-11-02");
        InputVersion clicks1 = clicks(day1, "('home'), ('home'), ('cart')");
        InputVersion clicks2 = clicks(day2, "('home'), ('checkout')");

        // Day 1, the start: no earlier output exists; the view is empty but has the declared columns, so the SQL runs.
        StageOutput first = worker.run(work("run-1", day1, List.of(clicks1, tick(day1))));
        assertThat(rows(first)).containsExactly("cart=1", "home=2");

        // Day 2 reads day 1's output as published (a manifest under datasets/), and its own clicks.
        URI manifest = publish(first, day1);
        InputVersion previous = new InputVersion("click_totals", day1, 1, URI.create(manifest.toString().replace("manifest.json", "")), manifest);
        StageOutput second = worker.run(work("run-2", day2, List.of(clicks2, previous, tick(day2))));
        assertThat(rows(second)).containsExactly("cart=1", "checkout=1", "home=3");
    }

    private InputVersion clicks(Partition p, String values) throws Exception {
        return fixture.parquetInput("clicks", p, "raw/clicks/" + p.key() + "/part-0.parquet", "select * from (values " + values + ") t(page)");
    }

    /** A schedule's tick: it names no data (its location is not even an s3:// URI). */
    private static InputVersion tick(Partition p) {
        return new InputVersion("morning_close", p, 1, URI.create("schedule://morning_close/" + p.dimensions().get("date") + "T05:00:00Z"), null);
    }

    private StageWork work(String runId, Partition p, List<InputVersion> inputs) {
        return fixture.work(runId, "cumulate_clicks", p, inputs);
    }

    /** Copies the staged output where the loader would publish it and writes its manifest. */
    private URI publish(StageOutput output, Partition p) {
        StagedOutput staged = output.outputs().getFirst();
        List<String> files = new ArrayList<>();
        for (URI file : staged.files()) {
            String key = "datasets/click_totals/" + p.key() + "/" + file.getPath().substring(file.getPath().lastIndexOf('/') + 1);
            aws.s3().copyObject(b -> b.sourceBucket(file.getHost()).sourceKey(file.getPath().substring(1)).destinationBucket(BUCKET).destinationKey(key));
            files.add("{\"uri\": \"s3://" + BUCKET + "/" + key + "\"}");
        }
        String manifestKey = "datasets/click_totals/" + p.key() + "/manifest.json";
        aws.s3().putObject(b -> b.bucket(BUCKET).key(manifestKey), RequestBody.fromString("{\"files\": [" + String.join(",", files) + "]}"));
        return URI.create("s3://" + BUCKET + "/" + manifestKey);
    }

    /** The staged rows as {@code page=clicks}, read back from S3. */
    private List<String> rows(StageOutput output) throws Exception {
        StagedOutput staged = output.outputs().getFirst();
        assertThat(staged.files()).isNotEmpty();
        List<String> rows = new ArrayList<>();
        for (URI file : staged.files()) {
            Path local = dir.resolve("out-" + Math.abs(file.hashCode()) + ".parquet");
            Files.write(local, aws.s3().getObjectAsBytes(b -> b.bucket(file.getHost()).key(file.getPath().substring(1))).asByteArray());
            try (DuckDbSession db = DuckDbSession.open(new DuckDbResources(256 * MIB, 1, dir, DuckDbResources.Runtime.HOST, 512 * MIB))) {
                assertThat(db.describe("select * from read_parquet(" + DuckDbSession.literal(local.toString()) + ")").columns())
                        .extracting(c -> c.name() + ":" + c.type()).containsExactly("page:VARCHAR", "clicks:BIGINT");
                db.query("select page, clicks from read_parquet(" + DuckDbSession.literal(local.toString()) + ") order by page")
                        .forEach(r -> rows.add(r.get("page") + "=" + r.get("clicks")));
            }
        }
        return rows;
    }
}
