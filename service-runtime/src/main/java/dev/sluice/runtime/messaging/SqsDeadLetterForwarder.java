package dev.sluice.runtime.messaging;

import dev.sluice.runtime.logging.LogContext;
import dev.sluice.runtime.topology.AwsResources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends dead letters to {@code <source queue name>-dlq} (found by GetQueueUrl, cached) with the original body and
 * attributes plus the {@code sluice-*} reason attributes, and logs each at ERROR with its correlation id.
 */
public final class SqsDeadLetterForwarder implements DeadLetterForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetterForwarder.class);

    private final SqsClient sqs;
    private final Function<String, String> queueUrlByName;

    /** Finds dead-letter queues through {@code resources} (which caches the URLs). */
    public SqsDeadLetterForwarder(SqsClient sqs, AwsResources resources) {
        this(sqs, Objects.requireNonNull(resources, "resources")::queueUrl);
    }

    /** Finds dead-letter queues by GetQueueUrl, caching the URLs. */
    public SqsDeadLetterForwarder(SqsClient sqs) {
        this(sqs, cachedGetQueueUrl(sqs));
    }

    SqsDeadLetterForwarder(SqsClient sqs, Function<String, String> queueUrlByName) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrlByName = Objects.requireNonNull(queueUrlByName, "queueUrlByName");
    }

    @Override
    public void forward(DeadLetter letter) {
        String dlqName = letter.deadLetterQueueName();
        String dlqUrl = queueUrlByName.apply(dlqName);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        letter.attributes().forEach((name, value) -> attributes.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        String id = sqs.sendMessage(b -> b.queueUrl(dlqUrl)
                        .messageBody(letter.message().body())
                        .messageAttributes(attributes))
                .messageId();
        try (LogContext ignored = LogContext.open()
                .messageId(letter.message().messageId())
                .correlationId(letter.correlationId())) {
            LOG.atError()
                    .addKeyValue("errorClass", letter.errorClass())
                    .addKeyValue("reason", letter.reason())
                    .addKeyValue("deadLetterQueue", dlqName)
                    .addKeyValue("deadLetterMessageId", id)
                    .log("dead-lettered message {} ({}) from {} after {} receive(s), correlationId={}: {}: {}{}",
                            letter.message().messageId(), letter.kind(), letter.message().sourceQueue().name(),
                            letter.message().approximateReceiveCount(), letter.correlationId(), letter.errorClass(),
                            letter.reason(), letter.droppedAttributes().isEmpty() ? ""
                                    : " (attributes left out, over the SQS limit: " + letter.droppedAttributes() + ")");
        }
    }

    private static Function<String, String> cachedGetQueueUrl(SqsClient sqs) {
        Objects.requireNonNull(sqs, "sqs");
        Map<String, String> cache = new ConcurrentHashMap<>();
        return name -> cache.computeIfAbsent(name, n -> sqs.getQueueUrl(b -> b.queueName(n)).queueUrl());
    }
}
