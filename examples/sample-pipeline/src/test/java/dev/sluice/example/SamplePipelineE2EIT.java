package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.cli.SluiceCli;
import dev.sluice.spec.topology.QueueRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sample pipeline end to end, smaller, with one failure injected: the shipments API answers 500
 * for one day beyond the retry budget, the work lands in the DLQ, the API is fixed and the work is
 * redriven with the CLI, and the pipeline completes. The outputs are then checked against values
 * computed independently from the generated inputs.
 */
@Tag("e2e")
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class SamplePipelineE2EIT {
    static final String ENV = "e2e";
    static final SampleData DATA = new SampleData(42L, LocalDate.parse("2026-11-01"), 8, 4_000, 600);
    static final LocalDate OUTAGE = LocalDate.parse("2026-11-03");

    @TempDir
    Path work;

    @Test
    void thePipelineRecoversFromAnApiOutageAndProducesTheExpectedOutputs() throws Exception {
        Path specs = Path.of("specs").toAbsolutePath();
        try (LocalPlatform platform = LocalPlatform.start(DATA, work, System.out::println);
             SamplePipeline pipeline = new SamplePipeline(platform, DATA, specs, ENV, System.out::println)) {
            platform.api().failFor(OUTAGE);
            pipeline.start();
            pipeline.publishUpstreamEvents();

            // 1. The outage outlasts the retry budget: the extract work of that day lands in the DLQ.
            String dlq = pipeline.upstream().resources().deadLetterQueueUrl(QueueRole.EXTRACT);
            awaitDepth(platform, dlq, 1, Duration.ofMinutes(4));
            assertThat(pipeline.awaitCompletion(Duration.ofSeconds(1), false)).isFalse();
            assertThat(state(pipeline, "build_order_facts", OUTAGE)).isIn("waiting", "pending");

            // 2. Fix the API, redrive with the CLI (through the standard AWS settings), and the pipeline completes.
            platform.api().recover(OUTAGE);
            Map<String, String> settings = platform.stack().settings();
            settings.forEach(System::setProperty);
            try {
                assertThat(SluiceCli.run("dlq", "redrive", "extract", "--job", "extract_shipments", "--env", ENV)).isZero();
            } finally {
                settings.keySet().forEach(System::clearProperty);
            }
            assertThat(pipeline.awaitCompletion(Duration.ofMinutes(6), false)).as(String.valueOf(pipeline.states())).isTrue();
            assertThat(depth(platform, dlq)).isZero();

            // 3. The outputs hold exactly what the inputs imply.
            for (LocalDate date : DATA.dates()) {
                assertFacts(platform, pipeline, date);
            }
            for (LocalDate date : List.of(DATA.day(6), DATA.day(7))) {
                assertWeekly(platform, pipeline, date);
            }
            long expectedDocs = DATA.dates().stream().mapToLong(d -> ExpectedResults.orderFacts(DATA, d).size()).sum();
            assertThat(openSearchCount(platform)).isEqualTo(expectedDocs);
        }
    }

    private void assertFacts(LocalPlatform platform, SamplePipeline pipeline, LocalDate date) throws Exception {
        List<ExpectedResults.Fact> expected = ExpectedResults.orderFacts(DATA, date);
        List<Map<String, Object>> actual = rows(platform, manifestOf(pipeline, "build_order_facts", date),
                "select country, segment, orders, shipped_orders, revenue, cast(date as varchar) as date from t order by country, segment");
        assertThat(actual).as("order_facts %s", date).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ExpectedResults.Fact e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            assertThat(a.get("date")).isEqualTo(date.toString());
            assertThat(a.get("country")).isEqualTo(e.country());
            assertThat(a.get("segment")).isEqualTo(e.segment());
            assertThat(((Number) a.get("orders")).longValue()).as("orders %s %s %s", date, e.country(), e.segment()).isEqualTo(e.orders());
            assertThat(((Number) a.get("shipped_orders")).longValue()).isEqualTo(e.shippedOrders());
            assertThat(((Number) a.get("revenue")).doubleValue()).isCloseTo(e.revenueCents() / 100.0, within(0.005));
        }
    }

    private void assertWeekly(LocalPlatform platform, SamplePipeline pipeline, LocalDate date) throws Exception {
        List<ExpectedResults.Weekly> expected = ExpectedResults.weeklyRevenue(DATA, date);
        List<Map<String, Object>> actual = rows(platform, manifestOf(pipeline, "rollup_weekly_revenue", date),
                "select country, orders, revenue from t order by country");
        assertThat(actual).as("weekly_revenue %s", date).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).get("country")).isEqualTo(expected.get(i).country());
            assertThat(((Number) actual.get(i).get("orders")).longValue()).isEqualTo(expected.get(i).orders());
            assertThat(((Number) actual.get(i).get("revenue")).doubleValue()).isCloseTo(expected.get(i).revenueCents() / 100.0, within(0.005));
        }
    }

    private static String state(SamplePipeline pipeline, String job, LocalDate date) {
        return pipeline.states().stream().filter(s -> s.job().equals(job) && s.partition().equals("date=" + date))
                .findFirst().map(SamplePipeline.PartitionState::state).orElse("missing");
    }

    private static URI manifestOf(SamplePipeline pipeline, String job, LocalDate date) {
        SamplePipeline.PartitionState s = pipeline.states().stream()
                .filter(x -> x.job().equals(job) && x.partition().equals("date=" + date)).findFirst().orElseThrow();
        assertThat(s.outputs()).as("%s %s outputs", job, date).hasSize(1);
        return URI.create(s.outputs().getFirst());
    }

    /** Reads the files a manifest lists into DuckDB, as a downstream reader following the manifest would. */
    private List<Map<String, Object>> rows(LocalPlatform platform, URI manifest, String query) throws Exception {
        var s3 = platform.stack().clients().s3();
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                s3.getObjectAsBytes(b -> b.bucket(manifest.getHost()).key(manifest.getPath().substring(1))).asByteArray());
        List<String> files = new ArrayList<>();
        for (var f : tree.path("files")) {
            URI uri = URI.create(f.path("uri").asText());
            Path local = Files.createTempFile(work, "part-", ".parquet");
            Files.write(local, s3.getObjectAsBytes(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))).asByteArray());
            files.add("'" + local + "'");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("create view t as select * from read_parquet([" + String.join(",", files) + "])");
            try (ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static long openSearchCount(LocalPlatform platform) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(platform.openSearchUrl() + "/order-facts/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String body = http.send(HttpRequest.newBuilder(URI.create(platform.openSearchUrl() + "/order-facts/_count")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }

    private static int depth(LocalPlatform platform, String url) {
        return Integer.parseInt(platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static void awaitDepth(LocalPlatform platform, String url, int depth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (depth(platform, url) >= depth) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the DLQ " + url + " did not reach " + depth + " message(s) within " + timeout);
    }

}
