package dev.sluice.tracker.store;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import static dev.sluice.runtime.aws.DynamoItems.get;
import static dev.sluice.runtime.aws.DynamoItems.instant;
import static dev.sluice.runtime.aws.DynamoItems.json;
import static dev.sluice.runtime.aws.DynamoItems.list;
import static dev.sluice.runtime.aws.DynamoItems.n;
import static dev.sluice.runtime.aws.DynamoItems.put;
import static dev.sluice.runtime.aws.DynamoItems.s;
import static dev.sluice.runtime.aws.DynamoItems.str;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link TrackerStore} on DynamoDB: the {@code dataset-versions} table (key: dataset, partitionKey) and
 * the {@code releases} table (key: job, partitionKey; sparse GSI {@code waiting} on waitingShard and
 * deadlineAt). Reads are strongly consistent; writes are conditional.
 */
public final class DynamoDbTrackerStore implements TrackerStore {
    private static final String WAITING_SHARD = "waiting";
    static final String WAITING_INDEX = "waiting";
    private static final String PUBLISHING_SHARD = "publishing";
    static final String PUBLISHING_INDEX = "publishing";

    private final DynamoDbClient dynamo;
    private final String versionsTable;
    private final String releasesTable;

    public DynamoDbTrackerStore(DynamoDbClient dynamo, String versionsTable, String releasesTable) {
        this.dynamo = dynamo;
        this.versionsTable = versionsTable;
        this.releasesTable = releasesTable;
    }

    // ---- versions -------------------------------------------------------------------------------

    @Override
    public RecordOutcome recordVersion(DatasetVersion v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("dataset", s(v.dataset()));
        item.put("partitionKey", s(v.partition().key()));
        item.put("version", n(v.version()));
        put(item, "location", v.location() == null ? null : v.location().toString());
        put(item, "manifest", v.manifest() == null ? null : v.manifest().toString());
        put(item, "fingerprint", v.fingerprint());
        put(item, "eventId", v.eventId());
        put(item, "recordedAt", v.recordedAt() == null ? null : v.recordedAt().toString());
        try {
            dynamo.putItem(b -> b.tableName(versionsTable).item(item)
                    .conditionExpression("attribute_not_exists(dataset) OR version < :v")
                    .expressionAttributeValues(Map.of(":v", n(v.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return RecordOutcome.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            long stored = e.hasItem() && e.item().containsKey("version") ? Long.parseLong(e.item().get("version").n()) : Long.MAX_VALUE;
            return stored == v.version() ? RecordOutcome.DUPLICATE : RecordOutcome.STALE;
        }
    }

    @Override
    public Map<DatasetPartition, DatasetVersion> versions(Collection<DatasetPartition> keys) {
        List<Map<String, AttributeValue>> itemKeys = keys.stream().distinct()
                .map(k -> Map.of("dataset", s(k.dataset()), "partitionKey", s(k.partition().key()))).toList();
        Map<DatasetPartition, DatasetVersion> out = new LinkedHashMap<>();
        batchGet(versionsTable, itemKeys).forEach(item -> {
            DatasetVersion v = toVersion(item);
            out.put(v.datasetPartition(), v);
        });
        return out;
    }

    /** Strongly consistent BatchGetItem of any number of keys: chunks of 100, unprocessed keys retried. */
    private List<Map<String, AttributeValue>> batchGet(String table, List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(current));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backoff(attempt);
                }
            }
        }
        return items;
    }

    @Override
    public List<DatasetVersion> versionsOf(String dataset) {
        return query(QueryRequest.builder().tableName(versionsTable).consistentRead(true)
                .keyConditionExpression("dataset = :d").expressionAttributeValues(Map.of(":d", s(dataset))).build())
                .stream().map(DynamoDbTrackerStore::toVersion).toList();
    }

    // ---- releases -------------------------------------------------------------------------------

    @Override
    public Optional<ReleaseRecord> release(String job, Partition partition) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(releasesTable).consistentRead(true)
                .key(Map.of("job", s(job), "partitionKey", s(partition.key())))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRelease(item));
    }

    @Override
    public Map<JobPartition, ReleaseRecord> releases(Collection<JobPartition> keys) {
        List<Map<String, AttributeValue>> itemKeys = keys.stream().distinct()
                .map(k -> Map.of("job", s(k.job()), "partitionKey", s(k.partition().key()))).toList();
        Map<JobPartition, ReleaseRecord> out = new LinkedHashMap<>();
        batchGet(releasesTable, itemKeys).forEach(item -> {
            ReleaseRecord r = toRelease(item);
            out.put(r.jobPartition(), r);
        });
        return out;
    }

    @Override
    public Optional<ReleaseRecord> compareAndSet(ReleaseRecord record, long expectedRevision) {
        ReleaseRecord written = record.withRevision(expectedRevision + 1);
        Map<String, AttributeValue> item = toItem(written);
        try {
            if (expectedRevision == 0) {
                dynamo.putItem(b -> b.tableName(releasesTable).item(item).conditionExpression("attribute_not_exists(job)"));
            } else {
                dynamo.putItem(b -> b.tableName(releasesTable).item(item).conditionExpression("revision = :r")
                        .expressionAttributeValues(Map.of(":r", n(expectedRevision))));
            }
            return Optional.of(written);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ReleaseRecord> releasesOf(String job) {
        return query(QueryRequest.builder().tableName(releasesTable).consistentRead(true)
                .keyConditionExpression("job = :j").expressionAttributeValues(Map.of(":j", s(job))).build())
                .stream().map(DynamoDbTrackerStore::toRelease).toList();
    }

    @Override
    public List<ReleaseRecord> overdue(Instant now) {
        // The GSI is eventually consistent: the sweep re-reads each record before acting on it.
        return query(QueryRequest.builder().tableName(releasesTable).indexName(WAITING_INDEX)
                .keyConditionExpression("waitingShard = :w AND deadlineAt <= :now")
                .expressionAttributeValues(Map.of(":w", s(WAITING_SHARD), ":now", s(sortable(now)))).build())
                .stream()
                .map(item -> release(item.get("job").s(), Partition.parse(item.get("partitionKey").s())))
                .flatMap(Optional::stream)
                .filter(ReleaseRecord::awaitingDeadline)
                .filter(r -> !r.deadlineAt().isAfter(now))
                .toList();
    }

    @Override
    public List<ReleaseRecord> leaseExpired(Instant now) {
        // The GSI is eventually consistent: re-read each record before acting on it.
        return query(QueryRequest.builder().tableName(releasesTable).indexName(PUBLISHING_INDEX)
                .keyConditionExpression("publishingShard = :p AND leaseUntilAt <= :now")
                .expressionAttributeValues(Map.of(":p", s(PUBLISHING_SHARD), ":now", s(sortable(now)))).build())
                .stream()
                .map(item -> release(item.get("job").s(), Partition.parse(item.get("partitionKey").s())))
                .flatMap(Optional::stream)
                .filter(r -> r.leaseExpired(now))
                .toList();
    }

    // ---- mapping --------------------------------------------------------------------------------

    private List<Map<String, AttributeValue>> query(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (QueryResponse page : dynamo.queryPaginator(request)) {
            items.addAll(page.items());
        }
        return items;
    }

    private static Map<String, AttributeValue> toItem(ReleaseRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("job", s(r.job()));
        item.put("partitionKey", s(r.partition().key()));
        item.put("state", s(r.state().name()));
        item.put("generation", n(r.generation()));
        item.put("revision", n(r.revision()));
        put(item, "runId", r.runId());
        put(item, "inputsHash", r.inputsHash());
        put(item, "inputs", r.inputs().isEmpty() ? null : json(r.inputs()));
        put(item, "missing", r.missing().isEmpty() ? null : json(r.missing()));
        put(item, "reason", r.reason() == null ? null : r.reason().name());
        put(item, "specDigest", r.specDigest());
        put(item, "firstSeenAt", str(r.firstSeenAt()));
        put(item, "releasedAt", str(r.releasedAt()));
        put(item, "deadlineAt", r.deadlineAt() == null ? null : sortable(r.deadlineAt()));
        put(item, "alertedAt", str(r.alertedAt()));
        put(item, "leaseUntil", str(r.leaseUntil()));
        if (r.awaitingDeadline()) {
            item.put("waitingShard", s(WAITING_SHARD)); // sparse: only waiting records with a deadline are indexed
        }
        if (r.state() == ReleaseRecord.State.PUBLISHING) {
            // sparse: only records being published, by lease end (a lease given back sorts first)
            item.put("publishingShard", s(PUBLISHING_SHARD));
            item.put("leaseUntilAt", s(sortable(r.leaseUntil() == null ? Instant.EPOCH : r.leaseUntil())));
        }
        return item;
    }

    private static ReleaseRecord toRelease(Map<String, AttributeValue> item) {
        return new ReleaseRecord(
                item.get("job").s(),
                Partition.parse(item.get("partitionKey").s()),
                ReleaseRecord.State.valueOf(item.get("state").s()),
                Integer.parseInt(item.get("generation").n()),
                get(item, "runId"),
                get(item, "inputsHash"),
                list(get(item, "inputs"), InputVersion.class),
                list(get(item, "missing"), DatasetPartition.class),
                get(item, "reason") == null ? null : JobReleased.Reason.valueOf(get(item, "reason")),
                get(item, "specDigest"),
                instant(get(item, "firstSeenAt")),
                instant(get(item, "releasedAt")),
                get(item, "deadlineAt") == null ? null : Instant.ofEpochMilli(Long.parseLong(get(item, "deadlineAt"))),
                instant(get(item, "alertedAt")),
                instant(get(item, "leaseUntil")),
                Long.parseLong(item.get("revision").n()));
    }

    private static DatasetVersion toVersion(Map<String, AttributeValue> item) {
        return new DatasetVersion(item.get("dataset").s(), Partition.parse(item.get("partitionKey").s()),
                Long.parseLong(item.get("version").n()),
                get(item, "location") == null ? null : URI.create(get(item, "location")),
                get(item, "manifest") == null ? null : URI.create(get(item, "manifest")),
                get(item, "fingerprint"), get(item, "eventId"), instant(get(item, "recordedAt")));
    }

    /** Epoch millis, zero-padded, so that string order is time order in the GSI's range key. */
    private static String sortable(Instant t) {
        return String.format("%015d", t.toEpochMilli());
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 20L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed keys", e);
        }
    }
}
