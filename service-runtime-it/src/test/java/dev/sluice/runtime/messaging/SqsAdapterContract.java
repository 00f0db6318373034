package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.InvalidEventException;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The adapter contract, written once (STYLE item 8) and run against both drivers of a {@link MessageHandler}: the
 * Lambda adapter ({@link SqsLambdaAdapterContractIT}) and the container poller ({@link SqsPollerContractIT}), on real
 * queues of the local stack. A subclass says only how to start consuming a queue.
 */
@AwsIntegrationTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SqsAdapterContract {

    /** Short, so that redelivery after a retryable failure takes seconds. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_RECEIVE_COUNT = 3;
    /** Generous: a redelivery needs the visibility timeout plus a poll. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private static final EventCodec CODEC = new EventCodec();
    private static final String SAMPLE = resource("/events/data-ready.json");

    protected final AwsClients aws;
    private AutoCloseable consumer;

    protected SqsAdapterContract(AwsClients aws) {
        this.aws = aws;
    }

    /** Starts consuming {@code queue} with {@code handler}, dead-lettering at {@code maxReceiveCount}; close stops. */
    protected abstract AutoCloseable consume(TestQueue queue, MessageHandler handler, int maxReceiveCount) throws Exception;

    /** Checks, where the driver has batches, that the partial-batch test's messages really came in one (or more than one each). */
    protected void assertHandledInBatches() {
    }

    @AfterEach
    void stopConsuming() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
    }

    private TestQueue queueConsumedBy(MessageHandler handler) throws Exception {
        TestQueue queue = TestQueue.create(aws.sqs(), VISIBILITY_TIMEOUT, MAX_RECEIVE_COUNT);
        consumer = consume(queue, handler, MAX_RECEIVE_COUNT);
        return queue;
    }

    @Test
    void aSuccessIsAcknowledged() throws Exception {
        Recorder handler = new Recorder(m -> CODEC.decode(m.body()));
        TestQueue queue = queueConsumedBy(handler);
        Instant sent = Instant.now().minusSeconds(1);

        queue.send(event("corr-ok"), Map.of("type", "sluice.data-ready", "dataset", "orders_raw"));

        InboundMessage message = handler.awaitCalls(1, WAIT).getFirst();
        assertThat(queue.awaitEmpty(WAIT)).as("the message was deleted").isTrue();
        assertThat(message.body()).contains("corr-ok");
        assertThat(message.attributes()).containsEntry("type", "sluice.data-ready").containsEntry("dataset", "orders_raw");
        assertThat(message.approximateReceiveCount()).isEqualTo(1);
        assertThat(message.sourceQueue().name()).isEqualTo(queue.name());
        assertThat(message.sentTimestamp()).isAfter(sent);
        assertThat(queue.approximateCount(queue.dlqUrl())).isZero();
        assertThat(handler.calls()).hasSize(1);
    }

    @Test
    void aRetryableFailureIsRedeliveredAndThenSucceeds() throws Exception {
        Recorder handler = new Recorder(m -> {
            if (m.approximateReceiveCount() == 1) {
                throw new RetryableException("warehouse busy");
            }
        });
        TestQueue queue = queueConsumedBy(handler);

        queue.send(event("corr-retry"), Map.of());

        List<InboundMessage> calls = handler.awaitCalls(2, WAIT);
        assertThat(calls).extracting(InboundMessage::approximateReceiveCount).containsExactly(1, 2);
        assertThat(calls.get(0).messageId()).isEqualTo(calls.get(1).messageId());
        assertThat(queue.awaitEmpty(WAIT)).isTrue();
        assertThat(queue.approximateCount(queue.dlqUrl())).isZero();
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        Recorder handler = new Recorder(m -> {
            throw new PoisonMessageException("dataset orders_raw has no partition key 'date'");
        });
        TestQueue queue = queueConsumedBy(handler);
        String body = event("corr-poison");

        queue.send(body, Map.of("type", "sluice.data-ready"));

        List<Message> deadLetters = queue.deadLetters(1, WAIT);
        assertThat(deadLetters).hasSize(1);
        Message dead = deadLetters.getFirst();
        assertThat(dead.body()).isEqualTo(body);
        assertThat(stringAttributes(dead))
                .containsEntry("type", "sluice.data-ready")
                .containsEntry(DeadLetter.ERROR_CLASS, PoisonMessageException.class.getName())
                .containsEntry(DeadLetter.ERROR_REASON, "dataset orders_raw has no partition key 'date'")
                .containsEntry(DeadLetter.SOURCE_QUEUE, queue.name())
                .containsEntry(DeadLetter.RECEIVE_COUNT, "1")
                .containsKey(DeadLetter.FAILED_AT);
        assertThat(Instant.parse(stringAttributes(dead).get(DeadLetter.FAILED_AT))).isBefore(Instant.now().plusSeconds(1));
        assertThat(queue.awaitEmpty(WAIT)).as("deleted from the work queue").isTrue();
        assertThat(handler.calls()).hasSize(1);
    }

    @Test
    void aPartialBatchAcknowledgesTheGoodMessages() throws Exception {
        Recorder handler = new Recorder(m -> {
            CODEC.decode(m.body()); // the invalid one throws InvalidEventException: poison
            if (m.body().contains("corr-retry") && m.approximateReceiveCount() == 1) {
                throw new IllegalStateException("connection reset");
            }
        });
        TestQueue queue = queueConsumedBy(handler);
        String invalid = event("corr-invalid").replace("\"format\": \"parquet\",", "");

        queue.sendBatch(List.of(event("corr-1"), event("corr-2"), invalid, event("corr-retry"), event("corr-3")));

        List<Message> deadLetters = queue.deadLetters(1, WAIT);
        assertThat(handler.await(calls -> calls.size() >= 6, WAIT)).hasSize(6);
        assertThat(queue.awaitEmpty(WAIT)).isTrue();
        assertHandledInBatches();
        assertThat(handler.calls()).as("each good message once, the retried one twice, the invalid one once")
                .extracting(SqsAdapterContract::correlationId)
                .containsExactlyInAnyOrder("corr-1", "corr-2", "corr-3", "corr-invalid", "corr-retry", "corr-retry");
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.body()).isEqualTo(invalid);
            assertThat(stringAttributes(dead))
                    .containsEntry(DeadLetter.ERROR_CLASS, InvalidEventException.class.getName())
                    .hasEntrySatisfying(DeadLetter.ERROR_REASON, reason -> assertThat(reason).startsWith("invalid event:")
                            .contains("format"));
        });
    }

    @Test
    void aMessageThatExhaustsItsReceivesGoesToTheDeadLetterQueueWithTheLastError() throws Exception {
        Recorder handler = new Recorder(m -> {
            throw new IllegalStateException("database down (attempt " + m.approximateReceiveCount() + ")");
        });
        TestQueue queue = queueConsumedBy(handler);

        queue.send(event("corr-exhausted"), Map.of());

        List<Message> deadLetters = queue.deadLetters(1, WAIT.plus(WAIT));
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(stringAttributes(dead))
                .containsEntry(DeadLetter.ERROR_CLASS, IllegalStateException.class.getName())
                .containsEntry(DeadLetter.ERROR_REASON,
                        "gave up after 3 receives (maxReceiveCount 3); last error: database down (attempt 3)")
                .containsEntry(DeadLetter.RECEIVE_COUNT, "3"));
        assertThat(queue.awaitEmpty(WAIT)).isTrue();
        assertThat(handler.calls()).extracting(InboundMessage::approximateReceiveCount).containsExactly(1, 2, 3);
    }

    static String event(String correlationId) {
        return SAMPLE.replace("orders-export-2026-11-20-eu", correlationId)
                .replace("5b0e3c1e-8a0f-4d57-9c55-2f1f6f0f8a11", UUID.randomUUID().toString());
    }

    static String correlationId(InboundMessage message) {
        return MessageProcessor.correlationIdOf(message);
    }

    static Map<String, String> stringAttributes(Message message) {
        Map<String, String> out = new java.util.TreeMap<>();
        message.messageAttributes().forEach((k, v) -> out.put(k, v.stringValue()));
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = SqsAdapterContract.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
