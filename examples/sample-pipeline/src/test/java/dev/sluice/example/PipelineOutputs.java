package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Checks of what the sample produced against values computed independently from the generated inputs
 * ({@link ExpectedResults}): the order facts of every day, the weekly rollups, the OpenSearch documents. Shared by the
 * end-to-end tests.
 */
final class PipelineOutputs {
    private final LocalPlatform platform;
    private final SamplePipeline pipeline;
    private final SampleData data;
    private final Path work;

    PipelineOutputs(LocalPlatform platform, SamplePipeline pipeline, SampleData data, Path work) {
        this.platform = platform;
        this.pipeline = pipeline;
        this.data = data;
        this.work = work;
    }

    /** Every output of the run equals what the inputs imply. */
    void assertAllAsExpected() throws Exception {
        for (LocalDate date : data.dates()) {
            assertFacts(date);
        }
        for (LocalDate date : data.dates().subList(6, data.days())) {
            assertWeekly(date);
        }
        long expectedDocs = data.dates().stream().mapToLong(d -> ExpectedResults.orderFacts(data, d).size()).sum();
        assertThat(openSearchCount()).isEqualTo(expectedDocs);
    }

    void assertFacts(LocalDate date) throws Exception {
        List<ExpectedResults.Fact> expected = ExpectedResults.orderFacts(data, date);
        List<Map<String, Object>> actual = rows(manifestOf("build_order_facts", date),
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

    void assertWeekly(LocalDate date) throws Exception {
        List<ExpectedResults.Weekly> expected = ExpectedResults.weeklyRevenue(data, date);
        List<Map<String, Object>> actual = rows(manifestOf("rollup_weekly_revenue", date),
                "select country, orders, revenue from t order by country");
        assertThat(actual).as("weekly_revenue %s", date).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).get("country")).isEqualTo(expected.get(i).country());
            assertThat(((Number) actual.get(i).get("orders")).longValue()).isEqualTo(expected.get(i).orders());
            assertThat(((Number) actual.get(i).get("revenue")).doubleValue()).isCloseTo(expected.get(i).revenueCents() / 100.0, within(0.005));
        }
    }

    String state(String job, LocalDate date) {
        return pipeline.states().stream().filter(s -> s.job().equals(job) && s.partition().equals("date=" + date))
                .findFirst().map(SamplePipeline.PartitionState::state).orElse("missing");
    }

    URI manifestOf(String job, LocalDate date) {
        SamplePipeline.PartitionState s = pipeline.states().stream()
                .filter(x -> x.job().equals(job) && x.partition().equals("date=" + date)).findFirst().orElseThrow();
        assertThat(s.outputs()).as("%s %s outputs", job, date).hasSize(1);
        return URI.create(s.outputs().getFirst());
    }

    /** Reads the files a manifest lists into DuckDB, as a downstream reader following the manifest would. */
    List<Map<String, Object>> rows(URI manifest, String query) throws Exception {
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

    long openSearchCount() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(platform.openSearchUrl() + "/order-facts/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String body = http.send(HttpRequest.newBuilder(URI.create(platform.openSearchUrl() + "/order-facts/_count")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }

    /** Messages in the queue at {@code url}, visible or in flight. */
    int depth(String url) {
        Map<QueueAttributeName, String> a = platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }
}
