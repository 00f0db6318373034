package dev.sluice.runtime.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQS message as both adapters hand it to a {@link MessageHandler}.
 *
 * @param messageId               the SQS message id
 * @param receiptHandle           the handle of this receive (what delete and visibility changes use)
 * @param body                    the body, for Sluice an event's JSON
 * @param attributes              the String (and Number) message attributes, e.g. {@code type}, {@code job},
 *                                {@code stage}; Binary attributes are left out
 * @param approximateReceiveCount how often the message has been received, this time included (1 on the first)
 * @param sourceQueue             the queue it came from
 * @param sentTimestamp           when it was sent to the queue, or {@code null} if unknown
 */
public record InboundMessage(
        String messageId,
        String receiptHandle,
        String body,
        Map<String, String> attributes,
        int approximateReceiveCount,
        QueueRef sourceQueue,
        Instant sentTimestamp) {

    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sourceQueue, "sourceQueue");
        body = body == null ? "" : body;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (approximateReceiveCount < 1) {
            approximateReceiveCount = 1;
        }
    }

    /** The value of message attribute {@code name}, if present. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** An {@code ApproximateReceiveCount} attribute: 1 when absent or unreadable. */
    public static int parseReceiveCount(String value) {
        if (value == null) {
            return 1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A {@code SentTimestamp} attribute (epoch milliseconds): {@code null} when absent or unreadable. */
    public static Instant parseEpochMillis(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
