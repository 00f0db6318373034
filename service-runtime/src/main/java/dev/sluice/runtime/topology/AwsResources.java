package dev.sluice.runtime.topology;

import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.TopologyNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Finds the provisioned resources of an environment by name: queue URLs and topic ARNs, cached.
 * Services use it instead of creating anything, so in AWS they need only read permissions on the
 * topology.
 */
public final class AwsResources {
    private final TopologyNames names;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final Map<String, String> topicArns = new ConcurrentHashMap<>();

    public AwsResources(TopologyNames names, SnsClient sns, SqsClient sqs) {
        this.names = names;
        this.sns = sns;
        this.sqs = sqs;
    }

    public TopologyNames names() {
        return names;
    }

    public String queueUrl(QueueRole role) {
        return queueUrl(names.queue(role));
    }

    public String deadLetterQueueUrl(QueueRole role) {
        return queueUrl(names.deadLetterQueue(role));
    }

    public String queueUrl(String queueName) {
        return queueUrls.computeIfAbsent(queueName, n -> sqs.getQueueUrl(b -> b.queueName(n)).queueUrl());
    }

    public String dataReadyTopicArn() {
        return topicArn(names.dataReadyTopic());
    }

    /** The ingress topic of {@code team}, where it publishes its external datasets' data-ready events. */
    public String ingressTopicArn(String team) {
        return topicArn(names.ingressTopic(team));
    }

    public String pipelineEventsTopicArn() {
        return topicArn(names.pipelineEventsTopic());
    }

    public String table(TableRole role) {
        return names.table(role);
    }

    public String bucket() {
        return names.bucket();
    }

    public String topicArn(String topicName) {
        return topicArns.computeIfAbsent(topicName, n -> {
            for (Topic topic : sns.listTopicsPaginator().topics()) {
                String arn = topic.topicArn();
                if (arn.endsWith(":" + n)) {
                    return arn;
                }
            }
            throw new IllegalStateException("SNS topic '" + n + "' not found: provision the topology first (sluice provision)");
        });
    }
}
