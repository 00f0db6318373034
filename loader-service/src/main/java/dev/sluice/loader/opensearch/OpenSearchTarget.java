package dev.sluice.loader.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetResult;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code opensearch} target: indexes an output's rows as documents with deterministic {@code _id}s (the
 * {@code id} columns' values joined by {@code |}), each carrying {@code _sluice_generation}, {@code _sluice_run_id}
 * and {@code _sluice_partition}.
 *
 * <p>Generation guard, in three layers:
 * <ol>
 *   <li>a control document per index and partition in {@code controlIndex}, written with
 *       {@code version=<generation>, version_type=external_gte} before indexing: a newer generation there means this
 *       run is superseded and nothing is written; the same generation marked {@code loaded} means a redelivery, and
 *       nothing is written either;</li>
 *   <li>every document is indexed with the same external versioning, so a document a newer generation already
 *       indexed rejects this one (a version conflict, counted as superseded, not as a failure);</li>
 *   <li>after indexing, the control document is read again: if a newer generation claimed the partition meanwhile,
 *       this run is superseded. Only the generation that owns the partition deletes other generations' documents: in
 *       {@code replace} mode the superseded run deletes its own generation's documents that slipped in, in
 *       {@code upsert} mode nothing (the partition is as if it had finished before the newer one).</li>
 * </ol>
 * The {@code id} columns must include the partition's dimensions (checked when the target is created, see
 * {@link OpenSearchTargetFactory}): documents of different partitions never share an {@code _id}, so generations,
 * which count per partition, are only compared within a partition.
 * In {@code replace} mode, after indexing, the partition's documents with {@code _sluice_generation} below this
 * generation are deleted by query: the partition then holds exactly this generation's rows.
 */
public final class OpenSearchTarget implements LoadTarget {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchTarget.class);
    static final String GENERATION = "_sluice_generation";
    static final String RUN_ID = "_sluice_run_id";
    static final String PARTITION = "_sluice_partition";

    private final OpenSearchTargetSettings settings;
    private final SecretResolver secrets;
    private final Supplier<HttpClient.Builder> httpClients;
    private final DuckDbResources duckDb;
    private final Clock clock;

    public OpenSearchTarget(OpenSearchTargetSettings settings, SecretResolver secrets, Supplier<HttpClient.Builder> httpClients,
            DuckDbResources duckDb, Clock clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.httpClients = httpClients;
        this.duckDb = duckDb;
        this.clock = clock;
    }

    public OpenSearchTargetSettings settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "opensearch " + settings.endpoint().url() + "/" + settings.index();
    }

    @Override
    public TargetResult load(LoadRequest request) {
        checkColumns(request);
        long generation = request.generation();
        String partitionKey = request.partition().key();
        OpenSearchHttp http = new OpenSearchHttp(settings.endpoint(), settings.endpoint().password(secrets),
                httpClients.get().connectTimeout(java.time.Duration.ofSeconds(10)).build(), settings.requestTimeout());
        long started = System.nanoTime();

        ensureIndex(http, settings.controlIndex(), Map.of("index", keyword(), "partitionKey", keyword(), "generation",
                Map.of("type", "long"), "runId", keyword(), "state", keyword(), "loadedAt", Map.of("type", "date")));
        String controlId = settings.index() + "|" + partitionKey;
        Control before = control(http, controlId);
        if (before != null && before.generation() > generation) {
            return TargetResult.superseded(before.generation(), "generation " + before.generation() + " (run "
                    + before.runId() + ") holds " + settings.index() + " " + partitionKey);
        }
        if (before != null && before.generation() == generation && "loaded".equals(before.state())) {
            return TargetResult.unchanged(generation, "generation " + generation + " was indexed already (run "
                    + before.runId() + ")");
        }
        if (!claim(http, controlId, request, "loading")) {
            Control now = control(http, controlId);
            long current = now == null ? generation + 1 : now.generation();
            return TargetResult.superseded(current, "generation " + current + " claimed " + settings.index() + " "
                    + partitionKey + " first");
        }

        ensureIndex(http, settings.index(), Map.of(GENERATION, Map.of("type", "long"), RUN_ID, keyword(), PARTITION, keyword()));
        OpenSearchBulk bulk = new OpenSearchBulk(http, settings.index(), generation, settings.bulkDocs(), settings.bulkBytes(),
                settings.maxRetries(), settings.initialBackoff(), d -> Thread.sleep(d.toMillis()));
        index(request, bulk);
        http.expectOk(http.send("POST", "/" + settings.index() + "/_refresh", null, null), "refresh " + settings.index());

        Control after = control(http, controlId);
        if (after != null && after.generation() > generation) {
            // Only the generation that owns the partition deletes what other generations wrote. In replace mode this
            // run removes its own documents again; in upsert mode it removes nothing (as if it had finished first).
            long removed = settings.mode() == OpenSearchTargetSettings.Mode.REPLACE
                    ? delete(http, partitionKey, Map.of("term", Map.of(GENERATION, generation)), "documents of generation " + generation)
                    : 0;
            return TargetResult.superseded(after.generation(), "generation " + after.generation() + " claimed "
                    + settings.index() + " " + partitionKey + " while generation " + generation + " was indexed; "
                    + removed + " documents of generation " + generation + " removed again");
        }
        if (bulk.conflicts() > 0) {
            LOG.warn("{}: {} documents of {} were held by a newer generation", describe(), bulk.conflicts(), partitionKey);
        }
        long removed = settings.mode() == OpenSearchTargetSettings.Mode.REPLACE ? deleteOlder(http, partitionKey, generation) : 0;
        claim(http, controlId, request, "loaded");
        LOG.info("{}: indexed {} documents of {} {} generation {} ({} requests, {} retries), removed {} older, in {} ms",
                describe(), bulk.indexed(), request.dataset(), partitionKey, generation, bulk.requests(), bulk.retries(), removed,
                (System.nanoTime() - started) / 1_000_000);
        return TargetResult.loaded(bulk.indexed(), generation, "indexed " + bulk.indexed() + " documents, removed " + removed
                + " of older generations");
    }

    private void checkColumns(LoadRequest request) {
        List<String> columns = request.staged().schema().columns().stream().map(DatasetSchema.Column::name).toList();
        for (String id : settings.id()) {
            if (!columns.contains(id)) {
                throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": id column '" + id + "' is not a column of "
                        + request.dataset() + " " + columns);
            }
        }
        for (String reserved : List.of(GENERATION, RUN_ID, PARTITION)) {
            if (columns.contains(reserved)) {
                throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": " + request.dataset() + " has a column named " + reserved
                        + ", which the target reserves");
            }
        }
    }

    /** Streams the staged rows from DuckDB as JSON documents into the bulk indexer. */
    private void index(LoadRequest request, OpenSearchBulk bulk) {
        List<Path> files = request.data().localFiles();
        if (!files.isEmpty()) {
            DatasetSchema schema = request.staged().schema();
            String inner = schema.columns().stream().map(c -> documentExpression(c.name(), c.type()))
                    .collect(Collectors.joining(", "));
            String idNull = settings.id().stream().map(c -> "t." + DuckDbSession.identifier(c) + " IS NULL")
                    .collect(Collectors.joining(" OR "));
            String id = settings.id().stream().map(c -> "CAST(t." + DuckDbSession.identifier(c) + " AS VARCHAR)")
                    .collect(Collectors.joining(", "));
            String sql = "SELECT CASE WHEN " + idNull + " THEN NULL ELSE concat_ws('|', " + id + ") END, CAST(to_json(t) AS VARCHAR)"
                    + " FROM (SELECT " + inner + ", CAST(? AS BIGINT) AS " + GENERATION + ", CAST(? AS VARCHAR) AS " + RUN_ID
                    + ", CAST(? AS VARCHAR) AS " + PARTITION + " FROM read_parquet(?)) t";
            try (DuckDbSession duck = DuckDbSession.open(duckDb)) {
                long[] row = {0};
                duck.query(sql, rs -> {
                    row[0]++;
                    String docId = rs.getString(1);
                    if (docId == null) {
                        throw new java.sql.SQLException("row " + row[0] + " has a null in an id column " + settings.id());
                    }
                    bulk.add(docId, rs.getString(2));
                }, request.generation(), request.runId(), request.partition().key(),
                        files.stream().map(Path::toString).toList());
            } catch (ClassifiedException e) {
                if (e.getMessage() != null && e.getMessage().contains("has a null in an id column")) {
                    throw new ClassifiedException(ErrorClass.TARGET_REJECTED, describe() + ": " + e.getMessage(), e);
                }
                throw e;
            }
        }
        bulk.flush();
    }

    /** Timestamps as ISO-8601 (OpenSearch detects them as dates), blobs as base64; the rest as DuckDB's JSON has them. */
    private static String documentExpression(String column, String type) {
        String c = DuckDbSession.identifier(column);
        String t = type.toUpperCase(Locale.ROOT);
        if (t.equals("TIMESTAMP WITH TIME ZONE") || t.equals("TIMESTAMPTZ")) {
            return "strftime(" + c + ", '%Y-%m-%dT%H:%M:%S.%fZ') AS " + c;
        }
        if (t.startsWith("TIMESTAMP") || t.equals("DATETIME")) {
            return "strftime(CAST(" + c + " AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%f') AS " + c;
        }
        if (t.equals("BLOB")) {
            return "to_base64(" + c + ") AS " + c;
        }
        return c;
    }

    /** Deletes the partition's documents of generations below {@code generation}; returns how many. */
    private long deleteOlder(OpenSearchHttp http, String partitionKey, long generation) {
        return delete(http, partitionKey, Map.of("range", Map.of(GENERATION, Map.of("lt", generation))), "older documents");
    }

    /** Deletes the partition's documents that {@code generationFilter} matches; returns how many. */
    private long delete(OpenSearchHttp http, String partitionKey, Map<String, Object> generationFilter, String what) {
        Map<String, Object> query = Map.of("query", Map.of("bool", Map.of("filter", List.of(
                Map.of("term", Map.of(PARTITION, partitionKey)), generationFilter))));
        OpenSearchHttp.Response response = http.expectOk(http.json("POST", "/" + settings.index()
                + "/_delete_by_query?conflicts=proceed&refresh=true", query), "delete " + what + " of " + partitionKey);
        JsonNode failures = response.body() == null ? null : response.body().path("failures");
        if (failures != null && failures.isArray() && !failures.isEmpty()) {
            throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "OpenSearch could not delete every one of the " + what + " of "
                    + settings.index() + " " + partitionKey + ": " + failures.get(0));
        }
        return response.body() == null ? 0 : response.body().path("deleted").asLong(0);
    }

    private record Control(long generation, String runId, String state) {
    }

    private static final OpenSearchHttp.Sleeper SLEEP = pause -> Thread.sleep(pause.toMillis());

    private Control control(OpenSearchHttp http, String controlId) {
        OpenSearchHttp.Response response = http.untilShardReady(
                () -> http.send("GET", "/" + settings.controlIndex() + "/_doc/" + encode(controlId), null, null), SLEEP);
        if (response.status() == 404) {
            return null;
        }
        http.expectOk(response, "read the control document " + controlId);
        JsonNode source = response.body().path("_source");
        return new Control(response.body().path("_version").asLong(), source.path("runId").asText(null),
                source.path("state").asText(null));
    }

    /** Writes the control document at this generation; false when a newer generation holds it. */
    private boolean claim(OpenSearchHttp http, String controlId, LoadRequest request, String state) {
        Map<String, Object> doc = Map.of("index", settings.index(), "partitionKey", request.partition().key(),
                "generation", request.generation(), "runId", request.runId(), "state", state,
                "loadedAt", clock.instant().toString());
        OpenSearchHttp.Response response = http.untilShardReady(() -> http.json("PUT", "/" + settings.controlIndex() + "/_doc/"
                + encode(controlId) + "?version=" + request.generation() + "&version_type=external_gte&refresh=true", doc), SLEEP);
        if (response.status() == 409) {
            return false;
        }
        http.expectOk(response, "write the control document " + controlId);
        return true;
    }

    /** Creates {@code index} with {@code properties} if missing, else adds them to its mapping. */
    private static void ensureIndex(OpenSearchHttp http, String index, Map<String, Object> properties) {
        OpenSearchHttp.Response head = http.send("HEAD", "/" + index, null, null);
        if (head.status() == 404) {
            OpenSearchHttp.Response created = http.json("PUT", "/" + index, Map.of("mappings", Map.of("properties", properties)));
            if (created.ok()) {
                awaitPrimaryShard(http, index);
                return;
            }
            if (!OpenSearchHttp.reason(created.body()).contains("resource_already_exists_exception")) {
                throw http.failure(created, "create index " + index);
            }
        } else if (!head.ok()) {
            throw http.failure(head, "find index " + index);
        }
        http.expectOk(http.json("PUT", "/" + index + "/_mapping", Map.of("properties", properties)), "map the fields of " + index);
        // It may have been created a moment ago by another loader, its primary shard not active yet.
        awaitPrimaryShard(http, index);
    }

    /**
     * Waits (server side, at most 30 s) until {@code index}'s primary shards are active, so that the first read or write
     * does not fail with {@code no_shard_available} and cost a retry with backoff.
     */
    private static void awaitPrimaryShard(OpenSearchHttp http, String index) {
        http.expectOk(http.send("GET", "/_cluster/health/" + index + "?wait_for_status=yellow&timeout=30s", null, null),
                "wait for the shards of " + index);
    }

    private static Map<String, Object> keyword() {
        return Map.of("type", "keyword");
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
