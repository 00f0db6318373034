package dev.sluice.loader.s3;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link DatasetVersionStore} on the {@code <env>-sluice-dataset-versions} table (key: {@code dataset},
 * {@code partitionKey}), the table the dependency tracker records data-ready versions in. The write is a conditional
 * put with the tracker's condition, {@code attribute_not_exists(dataset) OR version < :v}; it stores {@code version}
 * (N), {@code manifest}, {@code location}, {@code fingerprint}, {@code runId}, {@code job}, {@code rowCount},
 * {@code bytes} and {@code recordedAt}. Reads are strongly consistent.
 */
public final class DynamoDbDatasetVersionStore implements DatasetVersionStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDatasetVersionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    @Override
    public Optional<CurrentVersion> current(String dataset, Partition partition) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("dataset", s(dataset), "partitionKey", s(partition.key())))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toCurrent(item));
        } catch (SdkException e) {
            throw failure("read the version of " + dataset + " " + partition.key(), e);
        }
    }

    @Override
    public Advance advance(DatasetPointer p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("dataset", s(p.dataset()));
        item.put("partitionKey", s(p.partition().key()));
        item.put("version", n(p.version()));
        item.put("manifest", s(p.manifest().toString()));
        put(item, "location", p.location() == null ? null : p.location().toString());
        put(item, "fingerprint", p.fingerprint());
        put(item, "runId", p.runId());
        put(item, "job", p.job());
        item.put("rowCount", n(p.rowCount()));
        item.put("bytes", n(p.bytes()));
        put(item, "recordedAt", p.recordedAt() == null ? null : p.recordedAt().toString());
        put(item, "producer", "loader");
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(dataset) OR version < :v")
                    .expressionAttributeValues(Map.of(":v", n(p.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Advance(Outcome.APPLIED, p.asCurrent());
        } catch (ConditionalCheckFailedException e) {
            CurrentVersion stored = e.hasItem() && e.item().containsKey("version") ? toCurrent(e.item())
                    : current(p.dataset(), p.partition()).orElse(null);
            if (stored == null) {
                throw new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "the version of " + p.dataset() + " " + p.partition().key()
                        + " changed while it was written; try again");
            }
            return new Advance(stored.version() == p.version() ? Outcome.SAME_VERSION : Outcome.NEWER_PRESENT, stored);
        } catch (SdkException e) {
            throw failure("move the version of " + p.dataset() + " " + p.partition().key() + " to " + p.version(), e);
        }
    }

    private RuntimeException failure(String what, SdkException e) {
        if (e instanceof DynamoDbException d) {
            int status = d.statusCode();
            String code = d.awsErrorDetails() == null ? "" : " " + d.awsErrorDetails().errorCode();
            String message = "could not " + what + " in " + table + ": HTTP " + status + code;
            boolean retryable = status >= 500 || status == 429 || status == 0 || d.isThrottlingException();
            return retryable ? new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, message, e) : new ClassifiedException(ErrorClass.TARGET_REJECTED, message, e);
        }
        return new ClassifiedException(ErrorClass.TARGET_UNAVAILABLE, "could not " + what + " in " + table + ": " + e.getMessage(), e);
    }

    private static CurrentVersion toCurrent(Map<String, AttributeValue> item) {
        return new CurrentVersion(Long.parseLong(item.get("version").n()), uri(item, "manifest"), uri(item, "location"),
                str(item, "fingerprint"), str(item, "runId"));
    }

    private static URI uri(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : URI.create(v);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
