package dev.sluice.loader.opensearch;

import static dev.sluice.loader.TestData.DAY;
import static dev.sluice.loader.TestData.NEXT_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetRegistry;
import dev.sluice.loader.TargetResult;
import dev.sluice.loader.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The OpenSearch target against one real OpenSearch 2.19 node in this JVM, shared by the class. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OpenSearchTargetIT {

    OpenSearchNode node;
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    @BeforeAll
    void startNode() {
        node = OpenSearchNode.start();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    LoadTarget target(Object... settings) {
        return TargetRegistry.load().create(TestData.spec("opensearch", settings),
                TestData.context(Map.of("SLUICE_OPENSEARCH_URL", node.url()), null, "unused-bucket", dir));
    }

    LoadRequest request(long generation, String runId, Partition partition, String select) {
        return TestData.localRequest("order_facts", generation, runId, partition, select, dir);
    }

    static String facts(String date, String... rows) {
        return "SELECT DATE '" + date + "' AS date, country, revenue::DECIMAL(18,2) AS revenue, "
                + "TIMESTAMP '2026-11-20 10:11:12.5' AS updated_at, [1, 2] AS tags FROM (VALUES "
                + String.join(", ", rows) + ") t(country, revenue)";
    }

    JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return OpenSearchHttp.JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The documents of an index: _id → {_version, _seq_no, _source}. */
    Map<String, JsonNode> docs(String index) throws Exception {
        call("POST", "/" + index + "/_refresh", null);
        JsonNode hits = call("POST", "/" + index + "/_search?version=true&seq_no_primary_term=true",
                "{\"size\":1000,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        Map<String, JsonNode> docs = new TreeMap<>();
        hits.forEach(h -> docs.put(h.path("_id").asText(), h));
        return docs;
    }

    @Test
    void replaceIndexesAGenerationAndDropsTheOlderOnesOfThePartition() throws Exception {
        LoadTarget target = target("index", "facts-replace", "id", List.of("date", "country"), "mode", "replace");
        assertThat(target.describe()).isEqualTo("opensearch " + node.url() + "/facts-replace");

        // 1. First loads of two partitions.
        TargetResult first = target.load(request(1, "run-1", DAY, facts("2026-11-20", "('de', 10.5)", "('fr', 20)", "('it', 7.25)")));
        assertThat(first.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(first.rows()).isEqualTo(3);
        assertThat(target.load(request(1, "run-n1", NEXT_DAY, facts("2026-11-21", "('es', 1)"))).rows()).isEqualTo(1);
        Map<String, JsonNode> docs = docs("facts-replace");
        assertThat(docs).containsOnlyKeys("2026-11-20|de", "2026-11-20|fr", "2026-11-20|it", "2026-11-21|es");
        JsonNode de = docs.get("2026-11-20|de");
        assertThat(de.path("_version").asLong()).isEqualTo(1);
        assertThat(OpenSearchHttp.JSON.writeValueAsString(de.path("_source"))).isEqualTo("{\"date\":\"2026-11-20\",\"country\":\"de\","
                + "\"revenue\":10.5,\"updated_at\":\"2026-11-20T10:11:12.500000\",\"tags\":[1,2],\"_sluice_generation\":1,"
                + "\"_sluice_run_id\":\"run-1\",\"_sluice_partition\":\"date=2026-11-20\"}");
        JsonNode mapping = call("GET", "/facts-replace/_mapping", null).path("facts-replace").path("mappings").path("properties");
        assertThat(mapping.path("_sluice_generation").path("type").asText()).isEqualTo("long");
        assertThat(mapping.path("_sluice_partition").path("type").asText()).isEqualTo("keyword");
        assertThat(mapping.path("updated_at").path("type").asText()).as("ISO timestamps are detected as dates").isEqualTo("date");

        // 2. Redelivery: nothing is indexed again.
        TargetResult again = target.load(request(1, "run-1", DAY, facts("2026-11-20", "('de', 10.5)")));
        assertThat(again.status()).isEqualTo(TargetResult.Status.UNCHANGED);
        assertThat(docs("facts-replace")).isEqualTo(docs);

        // 3. A newer generation: its documents, and only them, in the partition; the other partition stays.
        TargetResult second = target.load(request(2, "run-2", DAY, facts("2026-11-20", "('de', 11)", "('pt', 4)")));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        Map<String, JsonNode> now = docs("facts-replace");
        assertThat(now).containsOnlyKeys("2026-11-20|de", "2026-11-20|pt", "2026-11-21|es");
        assertThat(now.get("2026-11-20|de").path("_source").path("revenue").asDouble()).isEqualTo(11.0);
        assertThat(now.get("2026-11-20|de").path("_version").asLong()).isEqualTo(2);
        assertThat(now.get("2026-11-20|pt").path("_source").path("_sluice_run_id").asText()).isEqualTo("run-2");
        assertThat(now.get("2026-11-21|es")).isEqualTo(docs.get("2026-11-21|es"));

        // 4. An older generation arriving late changes nothing.
        TargetResult late = target.load(request(1, "run-1", DAY, facts("2026-11-20", "('de', 99)", "('xx', 9)")));
        assertThat(late.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(late.currentGeneration()).isEqualTo(2);
        assertThat(docs("facts-replace")).isEqualTo(now);
        JsonNode control = call("GET", "/sluice-load-generations/_doc/facts-replace%7Cdate%3D2026-11-20", null);
        assertThat(control.path("_version").asLong()).isEqualTo(2);
        assertThat(control.path("_source").path("state").asText()).isEqualTo("loaded");
        assertThat(control.path("_source").path("runId").asText()).isEqualTo("run-2");
    }

    @Test
    void upsertKeepsOtherDocumentsAndExternalVersionsKeepNewerDocuments() throws Exception {
        LoadTarget target = target("index", "facts-upsert", "id", List.of("country"), "mode", "upsert", "bulkDocs", 2);
        assertThat(target.load(request(1, "u-1", DAY, facts("2026-11-20", "('de', 1)", "('fr', 2)", "('it', 3)"))).rows()).isEqualTo(3);
        // A document some newer generation (5) indexed already: generation 2 must not overwrite it.
        call("PUT", "/facts-upsert/_doc/it?version=5&version_type=external_gte&refresh=true",
                "{\"country\":\"it\",\"revenue\":300,\"_sluice_generation\":5,\"_sluice_partition\":\"elsewhere\"}");

        TargetResult second = target.load(request(2, "u-2", DAY, facts("2026-11-20", "('fr', 22)", "('it', 33)", "('es', 4)")));
        assertThat(second.status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(second.rows()).as("the conflict is not counted as indexed").isEqualTo(2);
        Map<String, JsonNode> docs = docs("facts-upsert");
        assertThat(docs).containsOnlyKeys("de", "fr", "it", "es");
        assertThat(docs.get("de").path("_source").path("_sluice_generation").asLong()).as("upsert keeps older documents").isEqualTo(1);
        assertThat(docs.get("fr").path("_source").path("revenue").asDouble()).isEqualTo(22.0);
        assertThat(docs.get("it").path("_source").path("revenue").asDouble()).as("the newer document wins").isEqualTo(300.0);

        assertThat(target.load(request(1, "u-1", DAY, facts("2026-11-20", "('fr', 0)"))).status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(docs("facts-upsert")).isEqualTo(docs);
    }

    @Test
    void aSupersededUpsertDeletesNothingTheOwningGenerationKept() throws Exception {
        Object[] settings = {"index", "facts-slow", "id", List.of("date", "country"), "mode", "upsert"};
        LoadTarget target = target(settings);
        assertThat(target.load(request(1, "s-1", DAY, facts("2026-11-20", "('de', 1)", "('fr', 2)", "('it', 3)"))).status())
                .isEqualTo(TargetResult.Status.LOADED);

        // Generation 2 is slow: generation 3 claims the partition and finishes between 2's claim and 2's indexing.
        LoadRequest third = request(3, "s-3", DAY, facts("2026-11-20", "('fr', 30)", "('es', 40)"));
        TargetResult[] thirdResult = new TargetResult[1];
        LoadTarget slow = TargetRegistry.load().create(TestData.spec("opensearch", settings), new dev.sluice.loader.TargetContext(
                Map.of("SLUICE_OPENSEARCH_URL", node.url())::get, () -> null, TestData.duckDb(dir),
                dev.sluice.dataplane.secrets.SecretResolvers.fromConfiguration(Map.<String, String>of()::get),
                () -> InterleavingHttpClient.builder("/_bulk", () -> thirdResult[0] = target.load(third)),
                "unused-bucket", java.time.Clock.systemUTC(), "test.target"));
        TargetResult second = slow.load(request(2, "s-2", DAY, facts("2026-11-20", "('fr', 20)", "('pt', 50)")));

        assertThat(thirdResult[0].status()).isEqualTo(TargetResult.Status.LOADED);
        assertThat(second.status()).isEqualTo(TargetResult.Status.SUPERSEDED);
        assertThat(second.currentGeneration()).isEqualTo(3);
        Map<String, JsonNode> docs = docs("facts-slow");
        assertThat(docs).as("generation 3 (upsert) kept de and it; the superseded generation 2 must not delete them")
                .containsKeys("2026-11-20|de", "2026-11-20|it");
        assertThat(docs.get("2026-11-20|de").path("_source").path("_sluice_generation").asLong()).isEqualTo(1);
        assertThat(docs.get("2026-11-20|fr").path("_source").path("revenue").asDouble()).isEqualTo(30.0);
        assertThat(docs.get("2026-11-20|es").path("_source").path("_sluice_generation").asLong()).isEqualTo(3);
        assertThat(docs).as("upsert: as if generation 2 had finished before 3").containsOnlyKeys("2026-11-20|de", "2026-11-20|it",
                "2026-11-20|fr", "2026-11-20|es", "2026-11-20|pt");
    }

    @Test
    void failuresAreClassified() throws Exception {
        call("PUT", "/facts-typed", "{\"mappings\":{\"properties\":{\"country\":{\"type\":\"integer\"}}}}");
        LoadTarget typed = target("index", "facts-typed", "id", List.of("country"));
        assertThatThrownBy(() -> typed.load(request(1, "t-1", DAY, facts("2026-11-20", "('de', 1)"))))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_REJECTED)
                .hasMessageContaining("HTTP 400 mapper_parsing_exception");

        LoadTarget nullId = target("index", "facts-null", "id", List.of("country"));
        assertThatThrownBy(() -> nullId.load(request(1, "n-1", DAY, facts("2026-11-20", "(NULL, 1)"))))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.TARGET_REJECTED).hasMessageContaining("row 1 has a null in an id column [country]");

        LoadTarget down = TargetRegistry.load().create(TestData.spec("opensearch", "index", "facts", "id", List.of("country")),
                TestData.context(Map.of("SLUICE_OPENSEARCH_URL", "http://127.0.0.1:" + TestData.closedPort()), null, "unused-bucket", dir));
        assertThatThrownBy(() -> down.load(request(1, "d-1", DAY, facts("2026-11-20", "('de', 1)"))))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.errorClass().wireName()).isEqualTo("TargetUnavailable");
                })
                .hasMessageContaining("did not answer");
    }
}
