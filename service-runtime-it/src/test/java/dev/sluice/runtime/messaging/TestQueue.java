package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A uniquely named work queue and its {@code -dlq}, wired by a redrive policy as the topology wires them, on the
 * local stack.
 */
record TestQueue(SqsClient sqs, String name, String url, String arn, String dlqUrl) {

    static TestQueue create(SqsClient sqs, Duration visibilityTimeout, int maxReceiveCount) {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-sluice-work";
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + QueueRef.DEAD_LETTER_SUFFIX)).queueUrl();
        String dlqArn = arnOf(sqs, dlqUrl);
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}")))
                .queueUrl();
        return new TestQueue(sqs, name, url, arnOf(sqs, url), dlqUrl);
    }

    void send(String body, Map<String, String> attributes) {
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(stringAttributes(attributes)));
    }

    /** Sends up to 10 bodies in one SendMessageBatch, so that they are likely to be received together. */
    void sendBatch(List<String> bodies) {
        List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            int n = i;
            entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                    .id("m" + n).messageBody(bodies.get(n)).build());
        }
        var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException("batch send failed: " + response.failed());
        }
    }

    /** Messages in the queue, visible or not, by the approximate counts. */
    int approximateCount(String queueUrl) {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return counts.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Waits (bounded) until the work queue holds nothing, visible or in flight; false if it still does. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (approximateCount(url) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Long-polls the dead-letter queue until {@code expected} messages arrived or {@code timeout} passed; deletes nothing. */
    List<Message> deadLetters(int expected, Duration timeout) {
        return receive(dlqUrl, expected, timeout);
    }

    /** Long-polls the work queue itself (as another worker would), until {@code expected} arrived or {@code timeout}. */
    List<Message> receiveDirectly(int expected, Duration timeout) {
        return receive(url, expected, timeout);
    }

    private List<Message> receive(String queueUrl, int expected, Duration timeout) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            int waitSeconds = (int) Math.max(0, Math.min(20, (remainingMillis + 999) / 1000));
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages());
        } while (messages.size() < expected && System.nanoTime() < deadline);
        return messages;
    }

    private static Map<String, MessageAttributeValue> stringAttributes(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> out = new java.util.LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return out;
    }

    private static String arnOf(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
