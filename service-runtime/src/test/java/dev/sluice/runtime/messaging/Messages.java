package dev.sluice.runtime.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test messages. */
final class Messages {
    static final QueueRef QUEUE = QueueRef.fromArn("arn:aws:sqs:us-east-1:000000000000:test-sluice-extract");

    private Messages() {
    }

    static InboundMessage message(String body, int receiveCount) {
        return message(body, receiveCount, Map.of("type", "dev.sluice.job-released", "job", "orders_daily", "stage", "extract"));
    }

    static InboundMessage message(String body, int receiveCount, Map<String, String> attributes) {
        String id = UUID.randomUUID().toString();
        return new InboundMessage(id, "receipt-" + id, body, attributes, receiveCount, QUEUE,
                Instant.parse("2026-11-21T10:00:00Z"));
    }

    static String event(String correlationId) {
        return "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"urn:test\",\"type\":\"dev.sluice.job-released\","
                + "\"data\":{\"nested\":{\"correlationid\":\"not-this\"}},\"correlationid\":\"" + correlationId + "\"}";
    }
}
