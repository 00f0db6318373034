package dev.sluice.runtime.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * An SNS notification as SQS delivers it without raw delivery: the published message with the topic it was published
 * to. A queue whose subscriptions keep this envelope learns who published each message from the topic, since only
 * the topic's allowed principals can publish to it (a topic policy), and only its topics can send to the queue (a
 * queue policy).
 *
 * @param topicArn the topic the message was published to
 * @param topic    the topic's name, the last part of its ARN
 * @param message  the message as it was published
 */
public record SnsNotification(String topicArn, String topic, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The notification in {@code body}, or empty when {@code body} is not an SNS notification envelope. */
    public static Optional<SnsNotification> parse(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode type = tree.get("Type");
        JsonNode arn = tree.get("TopicArn");
        JsonNode message = tree.get("Message");
        if (type == null || !"Notification".equals(type.asText()) || arn == null || !arn.isTextual() || message == null
                || !message.isTextual()) {
            return Optional.empty();
        }
        String topicArn = arn.asText();
        return Optional.of(new SnsNotification(topicArn, topicArn.substring(topicArn.lastIndexOf(':') + 1), message.asText()));
    }
}
