package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delays the redelivery of a message that failed with a {@link RetryableException#retryAfter()} delay, by
 * setting its visibility timeout. The container poller does this itself; the Lambda adapter uses this,
 * since the SQS event source otherwise waits for the queue's whole visibility timeout.
 */
@FunctionalInterface
public interface RetryDelays {
    /** Does nothing: redelivery after the queue's visibility timeout. */
    RetryDelays NONE = (message, delay) -> { };

    void delay(InboundMessage message, Duration delay);

    /** On SQS: ChangeMessageVisibility of the message, its queue found by name (cached). */
    static RetryDelays sqs(SqsClient sqs) {
        return sqs(() -> sqs);
    }

    /** The same with a client made on first use. */
    static RetryDelays sqs(java.util.function.Supplier<SqsClient> clients) {
        Logger log = LoggerFactory.getLogger(RetryDelays.class);
        Map<String, String> urls = new ConcurrentHashMap<>();
        return (message, delay) -> {
            int seconds = (int) Math.max(0, Math.min(43_200, delay.toSeconds()));
            try {
                QueueRef queue = message.sourceQueue();
                SqsClient sqs = clients.get();
                String url = queue.url() != null ? queue.url()
                        : urls.computeIfAbsent(queue.name(), n -> sqs.getQueueUrl(b -> b.queueName(n)).queueUrl());
                sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(seconds));
            } catch (RuntimeException e) {
                log.warn("could not set the retry delay of message {}; it returns after its visibility timeout: {}", message.messageId(), e.toString());
            }
        };
    }
}
