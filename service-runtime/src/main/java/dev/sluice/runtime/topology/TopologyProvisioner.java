package dev.sluice.runtime.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates or updates every resource of a {@link Topology}; running it twice changes nothing the second
 * time. Used by the local stack, the tests and {@code sluice provision}; in AWS the same model is
 * rendered by the infrastructure code in {@code deploy/}.
 */
public final class TopologyProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyProvisioner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final S3Client s3;

    public TopologyProvisioner(SnsClient sns, SqsClient sqs, DynamoDbClient dynamo, S3Client s3) {
        this.sns = sns;
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.s3 = s3;
    }

    /** What was provisioned: topic ARNs and queue URLs by name. */
    public record Provisioned(Map<String, String> topicArns, Map<String, String> queueUrls) {
    }

    public Provisioned provision(Topology topology) {
        Map<String, String> topicArns = new LinkedHashMap<>();
        for (Topology.Topic topic : topology.topics()) {
            topicArns.put(topic.name(), sns.createTopic(b -> b.name(topic.name())).topicArn());
        }
        Map<String, String> queueUrls = new LinkedHashMap<>();
        Map<String, String> queueArns = new LinkedHashMap<>();
        for (Topology.Queue queue : topology.queues()) {
            String dlqUrl = createQueue(queue.deadLetterQueue(), Map.of(
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.dlqRetentionSeconds())));
            String dlqArn = arnOf(dlqUrl);
            queueUrls.put(queue.deadLetterQueue(), dlqUrl);
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.retentionSeconds()));
            attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20");
            attributes.put(QueueAttributeName.REDRIVE_POLICY, json(Map.of(
                    "deadLetterTargetArn", dlqArn, "maxReceiveCount", Integer.toString(queue.maxReceiveCount()))));
            String url = createQueue(queue.name(), attributes);
            queueUrls.put(queue.name(), url);
            queueArns.put(queue.name(), arnOf(url));
        }
        // One policy per queue naming every topic that feeds it (the tracker's queue has several): a policy is one
        // attribute, so writing one per subscription would leave only the last topic allowed.
        Map<String, List<String>> topicsByQueue = new LinkedHashMap<>();
        for (Topology.Subscription subscription : topology.subscriptions()) {
            topicsByQueue.computeIfAbsent(subscription.queue(), q -> new ArrayList<>()).add(topicArns.get(subscription.topic()));
        }
        topicsByQueue.forEach((queue, topics) -> allowTopicsToSend(queueUrls.get(queue), queueArns.get(queue), topics));
        for (Topology.Subscription subscription : topology.subscriptions()) {
            subscribe(topicArns.get(subscription.topic()), queueArns.get(subscription.queue()), subscription.filterPolicy(),
                    subscription.rawDelivery());
        }
        for (Topology.Table table : topology.tables()) {
            createTable(table);
        }
        for (String bucket : topology.buckets()) {
            createBucket(bucket);
        }
        LOG.info("provisioned topology env={} topics={} queues={} subscriptions={} tables={} buckets={}",
                topology.env(), topology.topics().size(), topology.queues().size() * 2,
                topology.subscriptions().size(), topology.tables().size(), topology.buckets().size());
        return new Provisioned(Map.copyOf(topicArns), Map.copyOf(queueUrls));
    }

    private String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        String url;
        try {
            url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueNameExistsException e) {
            // The queue exists with other attributes: bring them in line.
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            String existing = url;
            sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
        }
        return url;
    }

    private String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** In AWS, SNS may deliver to a queue only when the queue's policy allows that topic: these topics, and no other. */
    private void allowTopicsToSend(String queueUrl, String queueArn, List<String> topicArns) {
        Map<String, Object> statement = Map.of(
                "Sid", "sluice-sns",
                "Effect", "Allow",
                "Principal", Map.of("Service", "sns.amazonaws.com"),
                "Action", "sqs:SendMessage",
                "Resource", queueArn,
                "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", List.copyOf(topicArns))));
        String policy = json(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }

    private void subscribe(String topicArn, String queueArn, Map<String, List<String>> filterPolicy, boolean rawDelivery) {
        String filter = filterPolicy.isEmpty() ? null : json(filterPolicy);
        for (Subscription existing : subscriptions(topicArn)) {
            if (queueArn.equals(existing.endpoint())) {
                if (filter != null) {
                    sns.setSubscriptionAttributes(b -> b.subscriptionArn(existing.subscriptionArn())
                            .attributeName("FilterPolicy").attributeValue(filter));
                }
                sns.setSubscriptionAttributes(b -> b.subscriptionArn(existing.subscriptionArn())
                        .attributeName("RawMessageDelivery").attributeValue(Boolean.toString(rawDelivery)));
                return;
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RawMessageDelivery", Boolean.toString(rawDelivery));
        if (filter != null) {
            attributes.put("FilterPolicyScope", "MessageAttributes");
            attributes.put("FilterPolicy", filter);
        }
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(attributes));
    }

    private List<Subscription> subscriptions(String topicArn) {
        List<Subscription> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListSubscriptionsByTopicResponse page = sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn).nextToken(next));
            all.addAll(page.subscriptions());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return all;
    }

    private void createTable(Topology.Table table) {
        try {
            dynamo.describeTable(b -> b.tableName(table.name()));
            return;
        } catch (ResourceNotFoundException e) {
            // create below
        }
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        List<KeySchemaElement> key = keySchema(table.hashKey(), table.rangeKey(), attributes);
        List<GlobalSecondaryIndex> indexes = table.indexes().stream()
                .map(i -> GlobalSecondaryIndex.builder()
                        .indexName(i.name())
                        .keySchema(keySchema(i.hashKey(), i.rangeKey(), attributes))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .toList();
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.name())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key)
                .attributeDefinitions(attributes.values());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        try {
            dynamo.createTable(request.build());
        } catch (ResourceInUseException e) {
            return; // created concurrently
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
        if (table.ttlAttribute() != null) {
            dynamo.updateTimeToLive(b -> b.tableName(table.name())
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
        }
    }

    private static List<KeySchemaElement> keySchema(String hash, String range, Map<String, AttributeDefinition> attributes) {
        List<KeySchemaElement> key = new ArrayList<>();
        key.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
        attributes.putIfAbsent(hash, AttributeDefinition.builder().attributeName(hash).attributeType(ScalarAttributeType.S).build());
        if (range != null) {
            key.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
            attributes.putIfAbsent(range, AttributeDefinition.builder().attributeName(range).attributeType(ScalarAttributeType.S).build());
        }
        return key;
    }

    private void createBucket(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException ignored) {
                // created concurrently
            }
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
