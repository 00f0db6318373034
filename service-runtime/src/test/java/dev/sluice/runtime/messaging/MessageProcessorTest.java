package dev.sluice.runtime.messaging;

import static dev.sluice.runtime.messaging.Messages.event;
import static dev.sluice.runtime.messaging.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.InvalidEventException;
import dev.sluice.contracts.Violation;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** How a handler's ending becomes an outcome, with no AWS: a fake handler and the in-memory forwarder. */
class MessageProcessorTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:34:56.789Z");
    private final InMemoryDeadLetterForwarder deadLetters = new InMemoryDeadLetterForwarder();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private MessageProcessor processor(MessageHandler handler) {
        return new MessageProcessor(handler, deadLetters, 5, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void successIsAcknowledged() {
        Outcome outcome = processor(m -> { }).process(message("{}", 1));

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(outcome.acknowledge()).isTrue();
        assertThat(deadLetters.forwarded()).isEmpty();
    }

    @Test
    void retryableAndUnknownFailuresAreLeftForRedelivery() {
        for (Exception error : new Exception[] {
                new RetryableException("S3 throttled"), new IllegalStateException("boom"), new Exception("checked"),
                new UncheckedIOException(new java.io.IOException("reset"))}) {
            Outcome outcome = processor(m -> { throw error; }).process(message("{}", 4));

            assertThat(outcome).as(error.toString()).isEqualTo(new Outcome.Retry(error));
            assertThat(outcome.acknowledge()).isFalse();
        }
        assertThat(deadLetters.forwarded()).isEmpty();
    }

    @Test
    void poisonGoesToTheDeadLetterQueueAtOnceWithItsReason() {
        InboundMessage message = message(event("corr-7"), 1);

        Outcome outcome = processor(m -> { throw new PoisonMessageException("partition 2026-13-01 does not exist"); })
                .process(message);

        assertThat(outcome).isInstanceOf(Outcome.DeadLettered.class);
        assertThat(outcome.acknowledge()).isTrue();
        DeadLetter letter = deadLetters.forwarded().getFirst();
        assertThat(letter.kind()).isEqualTo(FailureKind.POISON);
        assertThat(letter.deadLetterQueueName()).isEqualTo("test-sluice-extract-dlq");
        assertThat(letter.correlationId()).isEqualTo("corr-7");
        assertThat(letter.attributes())
                .containsEntry("type", "dev.sluice.job-released")
                .containsEntry("job", "orders_daily")
                .containsEntry(DeadLetter.ERROR_CLASS, PoisonMessageException.class.getName())
                .containsEntry(DeadLetter.ERROR_REASON, "partition 2026-13-01 does not exist")
                .containsEntry(DeadLetter.SOURCE_QUEUE, "test-sluice-extract")
                .containsEntry(DeadLetter.RECEIVE_COUNT, "1")
                .containsEntry(DeadLetter.FAILED_AT, "2026-11-21T12:34:56.789Z");
    }

    @Test
    void anInvalidEventIsPoison() {
        EventCodec codec = new EventCodec();

        Outcome outcome = processor(m -> codec.decode(m.body())).process(message("{\"type\":\"nope\"}", 1));

        DeadLetter letter = ((Outcome.DeadLettered) outcome).deadLetter();
        assertThat(letter.errorClass()).isEqualTo(InvalidEventException.class.getName());
        assertThat(letter.reason()).startsWith("invalid event: $.type");
    }

    @Test
    void theFirstCategoryInTheCauseChainDecides() {
        InvalidEventException invalid = new InvalidEventException(new Violation("$", "bad", null));
        assertThat(FailureKind.classify(new CompletionException(invalid), 1, 5)).isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.classify(new RuntimeException(new PoisonMessageException("x")), 1, 5))
                .isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.classify(new RetryableException("later", invalid), 1, 5))
                .as("an explicit retryable wins over what it wraps").isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureKind.classify(new RetryableException("later"), 5, 5)).isEqualTo(FailureKind.EXHAUSTED);
        assertThat(FailureKind.classify(new PoisonMessageException("x"), 9, 5)).isEqualTo(FailureKind.POISON);
    }

    @Test
    void anInterruptionIsNeverExhaustedOrPoison() {
        assertThat(FailureKind.classify(new InterruptedException(), 5, 5)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(FailureKind.classify(new RuntimeException(new java.io.InterruptedIOException()), 7, 5))
                .isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void theLastAllowedReceiveForwardsTheLastErrorAsTheReason() {
        MessageProcessor processor = processor(m -> { throw new IllegalStateException("database down"); });

        assertThat(processor.process(message("{}", 4))).isInstanceOf(Outcome.Retry.class);
        Outcome outcome = processor.process(message("{}", 5));

        assertThat(outcome).isInstanceOf(Outcome.DeadLettered.class);
        DeadLetter letter = deadLetters.forwarded().getFirst();
        assertThat(letter.kind()).isEqualTo(FailureKind.EXHAUSTED);
        assertThat(letter.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.reason()).isEqualTo("gave up after 5 receives (maxReceiveCount 5); last error: database down");
        assertThat(letter.attributes()).containsEntry(DeadLetter.RECEIVE_COUNT, "5");
    }

    @Test
    void aFailedForwardLeavesTheMessageForRedelivery() {
        deadLetters.failWith(new IllegalStateException("SQS unavailable"));

        Outcome outcome = processor(m -> { throw new PoisonMessageException("bad"); }).process(message("{}", 1));

        assertThat(outcome).isInstanceOf(Outcome.ForwardFailed.class);
        assertThat(outcome.acknowledge()).isFalse();
    }

    @Test
    void theReasonIsCutTo1000Characters() {
        Outcome outcome = processor(m -> { throw new PoisonMessageException("x".repeat(5000)); }).process(message("{}", 1));

        String reason = ((Outcome.DeadLettered) outcome).deadLetter().attributes().get(DeadLetter.ERROR_REASON);
        assertThat(reason).hasSize(DeadLetter.MAX_REASON_LENGTH).endsWith("…");
    }

    @Test
    void originalAttributesGiveWayToTheReasonWithinTheSqsLimitOfTen() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            attributes.put("a" + i, "v" + i);
        }
        attributes.put(DeadLetter.ERROR_REASON, "from an earlier failure");

        DeadLetter letter = DeadLetter.of(message("{}", 1, attributes), FailureKind.POISON,
                new PoisonMessageException("now"), 5, null, NOW);

        assertThat(letter.attributes()).hasSize(10).containsEntry(DeadLetter.ERROR_REASON, "now")
                .containsKeys("a0", "a1", "a2", "a3", "a4");
        assertThat(letter.droppedAttributes()).containsExactly("a5", "a6", "a7", "a8");
    }

    @Test
    void theHandlerSeesTheMessageIdsInTheMdcAndTheMdcIsRestoredAfterwards() {
        MDC.put("runId", "outer");
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        InboundMessage message = message(event("corr-42"), 1);

        processor(m -> {
            seen.set(new HashMap<>(MDC.getCopyOfContextMap()));
            MDC.put("partition", "leaked?");
        }).process(message);

        assertThat(seen.get())
                .containsEntry("messageId", message.messageId())
                .containsEntry("correlationId", "corr-42")
                .containsEntry("job", "orders_daily")
                .containsEntry("stage", "extract")
                .containsEntry("runId", "outer");
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("runId", "outer"));
    }

    @Test
    void theCorrelationIdFallsBackToTheMessageId() {
        InboundMessage notJson = message("not json", 1);
        InboundMessage noField = message("{\"id\":\"x\",\"data\":{\"correlationid\":\"nested\"}}", 1);
        InboundMessage numeric = message("{\"correlationid\":42}", 1);

        assertThat(MessageProcessor.correlationIdOf(message(event("c-1"), 1))).isEqualTo("c-1");
        assertThat(MessageProcessor.correlationIdOf(notJson)).isEqualTo(notJson.messageId());
        assertThat(MessageProcessor.correlationIdOf(noField)).isEqualTo(noField.messageId());
        assertThat(MessageProcessor.correlationIdOf(numeric)).isEqualTo(numeric.messageId());
    }
}
