package dev.sluice.runtime.stage;

import static dev.sluice.runtime.aws.DynamoItems.get;
import static dev.sluice.runtime.aws.DynamoItems.instant;
import static dev.sluice.runtime.aws.DynamoItems.json;
import static dev.sluice.runtime.aws.DynamoItems.list;
import static dev.sluice.runtime.aws.DynamoItems.n;
import static dev.sluice.runtime.aws.DynamoItems.put;
import static dev.sluice.runtime.aws.DynamoItems.read;
import static dev.sluice.runtime.aws.DynamoItems.s;
import static dev.sluice.runtime.aws.DynamoItems.str;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageMetrics;
import dev.sluice.contracts.StagedOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link RunStore} on the DynamoDB {@code runs} table: key {@code runId} + {@code sk} ({@code run} for the
 * run, {@code stage#<name>} per stage); GSI {@code by-job} on {@code job} + {@code partitionRun}
 * ({@code <partitionKey>#<generation, zero-padded>#<runId>}); items expire after the retention via
 * {@code expiresAt}.
 */
public final class DynamoDbRunStore implements RunStore {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final String RUN = "run";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRunStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public RunRecord createRun(RunRecord run) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(runItem(run)).conditionExpression("attribute_not_exists(runId)"));
            return run;
        } catch (ConditionalCheckFailedException e) {
            return run(run.runId()).orElse(run);
        }
    }

    private static final String WATERMARK = "watermark";

    @Override
    public Watermark claimWatermark(String runId, Watermark range) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("runId", s(runId));
        item.put("sk", s(WATERMARK));
        item.put("low", s(range.low()));
        item.put("high", s(range.high()));
        item.put("expiresAt", n(Instant.now().plus(RETENTION).getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(runId)"));
            return range;
        } catch (ConditionalCheckFailedException e) {
            return watermark(runId).orElseThrow(() -> new IllegalStateException("watermark of run " + runId + " vanished"));
        }
    }

    @Override
    public Optional<Watermark> watermark(String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("runId", s(runId), "sk", s(WATERMARK)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(new Watermark(item.get("low").s(), item.get("high").s()));
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("runId", s(runId), "sk", s(RUN)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRun(item));
    }

    @Override
    public boolean updateRun(RunRecord run) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(runItem(run))
                    .conditionExpression("attribute_not_exists(runId) OR #state <> :succeeded")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":succeeded", s(RunRecord.State.SUCCEEDED.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<StageRecord> stage(String runId, Stage stage) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("runId", s(runId), "sk", s("stage#" + stage.wireName())))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toStage(item));
    }

    @Override
    public Optional<StageRecord> compareAndSet(StageRecord record, long expectedRevision) {
        StageRecord written = record.withRevision(expectedRevision + 1);
        Map<String, AttributeValue> item = stageItem(written);
        try {
            if (expectedRevision == 0) {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(runId)"));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("revision = :r")
                        .expressionAttributeValues(Map.of(":r", n(expectedRevision))));
            }
            return Optional.of(written);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StageRecord> stagesOf(String runId) {
        List<StageRecord> out = new ArrayList<>();
        for (QueryResponse page : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("runId = :r AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":r", s(runId), ":s", s("stage#"))))) {
            page.items().forEach(i -> out.add(toStage(i)));
        }
        out.sort((a, b) -> a.stage().compareTo(b.stage()));
        return out;
    }

    @Override
    public List<RunRecord> runsOf(String job, int limit) {
        List<RunRecord> out = new ArrayList<>();
        for (QueryResponse page : dynamo.queryPaginator(b -> b.tableName(table).indexName("by-job").scanIndexForward(false)
                .keyConditionExpression("job = :j").expressionAttributeValues(Map.of(":j", s(job))))) {
            for (Map<String, AttributeValue> item : page.items()) {
                out.add(toRun(item));
                if (out.size() >= limit) {
                    return out;
                }
            }
        }
        return out;
    }

    // ---- mapping ----------------------------------------------------------------------------------

    private static Map<String, AttributeValue> runItem(RunRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("runId", s(r.runId()));
        item.put("sk", s(RUN));
        item.put("job", s(r.job()));
        item.put("partitionKey", s(r.partition().key()));
        item.put("partitionRun", s(r.partition().key() + "#" + String.format("%06d", r.generation()) + "#" + r.runId()));
        item.put("generation", n(r.generation()));
        item.put("state", s(r.state().name()));
        put(item, "inputs", json(r.inputs()));
        put(item, "reason", r.reason() == null ? null : r.reason().name());
        put(item, "specDigest", r.specDigest());
        put(item, "correlationId", r.correlationId());
        put(item, "releasedAt", str(r.releasedAt()));
        put(item, "finishedAt", str(r.finishedAt()));
        put(item, "outputs", json(r.outputs()));
        put(item, "error", r.error());
        put(item, "shadow", r.shadow() == null ? null : json(r.shadow()));
        item.put("expiresAt", n(Instant.now().plus(RETENTION).getEpochSecond()));
        return item;
    }

    private static RunRecord toRun(Map<String, AttributeValue> i) {
        return new RunRecord(i.get("runId").s(), i.get("job").s(), Partition.parse(i.get("partitionKey").s()),
                Integer.parseInt(i.get("generation").n()),
                list(get(i, "inputs"), InputVersion.class),
                get(i, "reason") == null ? null : JobReleased.Reason.valueOf(get(i, "reason")),
                get(i, "specDigest"), get(i, "correlationId"), instant(get(i, "releasedAt")),
                RunRecord.State.valueOf(i.get("state").s()), instant(get(i, "finishedAt")),
                list(get(i, "outputs"), PublishedOutput.class), get(i, "error"),
                get(i, "shadow") == null ? null : read(get(i, "shadow"), ShadowResult.class));
    }

    private static Map<String, AttributeValue> stageItem(StageRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("runId", s(r.runId()));
        item.put("sk", s("stage#" + r.stage().wireName()));
        item.put("state", s(r.state().name()));
        item.put("attempt", n(r.attempt()));
        item.put("revision", n(r.revision()));
        put(item, "startedAt", str(r.startedAt()));
        put(item, "finishedAt", str(r.finishedAt()));
        put(item, "leaseUntil", str(r.leaseUntil()));
        put(item, "outputs", r.outputs().isEmpty() ? null : json(r.outputs()));
        put(item, "metrics", r.metrics() == null ? null : json(r.metrics()));
        put(item, "readyEvents", r.readyEvents().isEmpty() ? null : json(r.readyEvents()));
        put(item, "errorClass", r.errorClass());
        put(item, "errorMessage", r.errorMessage());
        item.put("expiresAt", n(Instant.now().plus(RETENTION).getEpochSecond()));
        return item;
    }

    private static StageRecord toStage(Map<String, AttributeValue> i) {
        String stage = i.get("sk").s().substring("stage#".length());
        return new StageRecord(i.get("runId").s(), Stage.valueOf(stage.toUpperCase(Locale.ROOT)),
                StageRecord.State.valueOf(i.get("state").s()), Integer.parseInt(i.get("attempt").n()),
                instant(get(i, "startedAt")), instant(get(i, "finishedAt")), instant(get(i, "leaseUntil")),
                list(get(i, "outputs"), StagedOutput.class),
                get(i, "metrics") == null ? null : read(get(i, "metrics"), StageMetrics.class),
                list(get(i, "readyEvents"), DataReady.class),
                get(i, "errorClass"), get(i, "errorMessage"), Long.parseLong(i.get("revision").n()));
    }









}
