package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.aws.AwsSettings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The local AWS stack, exercised through the AWS SDK exactly as the services use it. */
@AwsIntegrationTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalAwsStackIT {

    private final AwsStack stack;
    private final AwsClients aws;

    LocalAwsStackIT(AwsStack stack) {
        this.stack = stack;
        // Built from the settings, as a service would build them from its environment.
        this.aws = stack.clients();
    }

    @Test
    void settingsHoldExactlyTheStandardKeys(AwsSettings settings) {
        assertThat(stack.settings()).containsOnlyKeys(
                "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL",
                "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB",
                "SLUICE_S3_FORCE_PATH_STYLE");
        assertThat(stack.settings().values()).allSatisfy(value -> assertThat(value).doesNotContain("0.0.0.0"));
        assertThat(settings).isEqualTo(aws.settings());
        assertThat(stack.describe()).isNotBlank();
    }

    @Test
    void snsFansOutToQueuesHonouringFilterPolicies() {
        String suffix = uniqueSuffix();
        String topicArn = aws.sns().createTopic(b -> b.name("it-data-ready-" + suffix)).topicArn();
        String filteredUrl = createQueue("it-orders-" + suffix, Map.of());
        String allUrl = createQueue("it-all-" + suffix, Map.of());
        subscribe(topicArn, filteredUrl, Map.of("FilterPolicy", "{\"dataset\":[\"orders\"]}"));
        subscribe(topicArn, allUrl, Map.of());

        String orders = dataReady("orders");
        String customers = dataReady("customers");
        publish(topicArn, orders, "orders");
        publish(topicArn, customers, "customers");

        List<Message> filtered = receive(filteredUrl, 1, Duration.ofSeconds(10));
        assertThat(filtered).extracting(Message::body).containsExactly(orders);
        assertThat(filtered.getFirst().messageAttributes().get("dataset").stringValue()).isEqualTo("orders");
        assertThat(receive(filteredUrl, 1, Duration.ofSeconds(2))).as("the customers event is filtered out").isEmpty();

        assertThat(receive(allUrl, 2, Duration.ofSeconds(10)))
                .extracting(Message::body)
                .containsExactlyInAnyOrder(orders, customers);
    }

    @Test
    void conditionalPutAcceptsOnlyTheFirstWrite() {
        DynamoDbClient dynamoDb = aws.dynamoDb();
        String table = "it-releases-" + uniqueSuffix();
        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));

        PutItemRequest put = PutItemRequest.builder()
                .tableName(table)
                .item(Map.of(
                        "pk", AttributeValue.fromS("job-a#2026-11-21"),
                        "runId", AttributeValue.fromS(UUID.randomUUID().toString())))
                .conditionExpression("attribute_not_exists(pk)")
                .build();
        dynamoDb.putItem(put);

        assertThatThrownBy(() -> dynamoDb.putItem(put)).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(dynamoDb.getItem(b -> b.tableName(table)
                                .key(Map.of("pk", AttributeValue.fromS("job-a#2026-11-21")))
                                .consistentRead(true))
                        .item())
                .containsEntry("runId", put.item().get("runId"));
    }

    @Test
    void s3StoresALargeObjectInPartsAndServesRanges() throws Exception {
        String bucket = "it-staging-" + uniqueSuffix();
        String key = "staging/job-a/2026-11-21/run-1/transform/part-0.parquet";
        aws.s3().createBucket(b -> b.bucket(bucket));
        byte[] data = new byte[16 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(data);

        PutObjectResponse put = aws.s3Async()
                .putObject(b -> b.bucket(bucket).key(key), AsyncRequestBody.fromBytes(data))
                .get(60, TimeUnit.SECONDS);
        assertThat(put.eTag()).as("a multipart upload's ETag").contains("-");

        byte[] read = aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        assertThat(read).hasSize(data.length);
        assertThat(sha256(read)).isEqualTo(sha256(data));

        byte[] range = aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=9000000-9000999"))
                .asByteArray();
        assertThat(range).isEqualTo(Arrays.copyOfRange(data, 9_000_000, 9_001_000));
    }

    @Test
    void sqsMovesAMessageReceivedTooOftenToTheDeadLetterQueue() {
        String suffix = uniqueSuffix();
        String dlqUrl = createQueue("it-work-dlq-" + suffix, Map.of());
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + queueArn(dlqUrl) + "\",\"maxReceiveCount\":\"2\"}";
        String queueUrl = createQueue("it-work-" + suffix, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy));
        String body = dataReady("poison");
        aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));

        int receives = 0;
        List<Message> deadLetters = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (deadLetters.isEmpty() && System.nanoTime() < deadline) {
            receives += receive(queueUrl, 1, Duration.ofSeconds(2)).size(); // never deleted
            deadLetters = receive(dlqUrl, 1, Duration.ofSeconds(1));
        }

        assertThat(deadLetters).extracting(Message::body).containsExactly(body);
        assertThat(receives).as("receives before the move").isEqualTo(2);
    }

    private String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return aws.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    private String queueArn(String queueUrl) {
        return aws.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private void subscribe(String topicArn, String queueUrl, Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("RawMessageDelivery", "true");
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn(queueUrl)).attributes(all));
    }

    private void publish(String topicArn, String message, String dataset) {
        aws.sns().publish(b -> b.topicArn(topicArn)
                .message(message)
                .messageAttributes(Map.of("dataset", MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(dataset)
                        .build())));
    }

    /**
     * Long-polls a queue until {@code expected} messages arrived or {@code maxWait} passed; deletes nothing, and
     * returns what arrived.
     */
    private List<Message> receive(String queueUrl, int expected, Duration maxWait) {
        SqsClient sqs = aws.sqs();
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + maxWait.toNanos();
        do {
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            int waitSeconds = (int) Math.max(0, Math.min(20, (remainingMillis + 999) / 1000));
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(waitSeconds)
                            .messageAttributeNames("All"))
                    .messages());
        } while (messages.size() < expected && System.nanoTime() < deadline);
        return messages;
    }

    private static String dataReady(String dataset) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"urn:sluice:it\","
                + "\"type\":\"dev.sluice.data-ready\",\"subject\":\"" + dataset + "/2026-11-21\","
                + "\"data\":{\"dataset\":\"" + dataset + "\",\"partition\":\"2026-11-21\",\"version\":\"v1\","
                + "\"location\":\"s3://it/" + dataset + "/2026-11-21/manifest.json\"}}";
    }

    private static String uniqueSuffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
