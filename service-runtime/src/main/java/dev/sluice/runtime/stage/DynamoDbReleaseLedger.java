package dev.sluice.runtime.stage;

import dev.sluice.contracts.Partition;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tracker's {@code releases} table (key {@code job}, {@code partitionKey}), read by the stages with one strongly
 * consistent {@code GetItem}. The tracker writes a release before it publishes its job-released, so a genuine event
 * always finds its release (or a newer one). The stages' role needs {@code dynamodb:GetItem} on this table only.
 */
public final class DynamoDbReleaseLedger implements ReleaseLedger {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbReleaseLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<Release> current(String job, Partition partition) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("job", AttributeValue.fromS(job), "partitionKey", AttributeValue.fromS(partition.key())))
                .projectionExpression("runId, generation, inputsHash")).item();
        if (item == null || item.isEmpty() || !item.containsKey("runId") || !item.containsKey("generation")) {
            return Optional.empty(); // no release, or a partition still waiting on its inputs
        }
        AttributeValue hash = item.get("inputsHash");
        return Optional.of(new Release(item.get("runId").s(), Integer.parseInt(item.get("generation").n()),
                hash == null ? null : hash.s()));
    }
}
