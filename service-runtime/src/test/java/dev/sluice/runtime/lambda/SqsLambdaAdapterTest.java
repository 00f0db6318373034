package dev.sluice.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.runtime.messaging.FailureKind;
import dev.sluice.runtime.messaging.InMemoryDeadLetterForwarder;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.messaging.RetryableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda adapter on hand-made events, with no AWS. */
class SqsLambdaAdapterTest {

    private static final String ARN = "arn:aws:sqs:eu-west-1:123456789012:prod-sluice-load";

    private final InMemoryDeadLetterForwarder deadLetters = new InMemoryDeadLetterForwarder();
    private final List<InboundMessage> handled = new ArrayList<>();

    private final SqsLambdaAdapter adapter = new SqsLambdaAdapter(message -> {
        handled.add(message);
        switch (message.body()) {
            case "retry" -> throw new RetryableException("warehouse busy");
            case "poison" -> throw new PoisonMessageException("no such dataset");
            case "boom" -> throw new IllegalStateException("boom");
            default -> { }
        }
    }, deadLetters, 3);

    @Test
    void onlyMessagesLeftForRedeliveryAreReportedAsFailures() {
        SQSEvent event = event(record("m1", "ok", 1), record("m2", "retry", 1), record("m3", "poison", 1),
                record("m4", "boom", 2), record("m5", "boom", 3), record("m6", "ok", 1));

        SQSBatchResponse response = adapter.handle(event);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m2", "m4");
        assertThat(handled).extracting(InboundMessage::messageId).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(deadLetters.forwarded()).extracting(d -> d.message().messageId(), DeadLetter::kind)
                .containsExactly(
                        tuple("m3", FailureKind.POISON),
                        tuple("m5", FailureKind.EXHAUSTED));
        assertThat(deadLetters.forwarded().getFirst().deadLetterQueueName()).isEqualTo("prod-sluice-load-dlq");
    }

    @Test
    void theRecordBecomesAnInboundMessage() {
        SQSEvent.SQSMessage record = record("m1", "{}", 4);

        InboundMessage message = SqsLambdaAdapter.toInboundMessage(record);

        assertThat(message.messageId()).isEqualTo("m1");
        assertThat(message.receiptHandle()).isEqualTo("rh-m1");
        assertThat(message.approximateReceiveCount()).isEqualTo(4);
        assertThat(message.sourceQueue()).isEqualTo(new QueueRef("prod-sluice-load", null, ARN));
        assertThat(message.sentTimestamp()).isEqualTo(Instant.ofEpochMilli(1_763_700_000_000L));
        assertThat(message.attributes()).isEqualTo(Map.of("job", "orders_daily"));
    }

    @Test
    void anEmptyEventHasNoFailures() {
        assertThat(adapter.handle(new SQSEvent()).getBatchItemFailures()).isEmpty();
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }

    static SQSEvent.SQSMessage record(String id, String body, int receiveCount) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(id);
        record.setReceiptHandle("rh-" + id);
        record.setBody(body);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(ARN);
        record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount),
                "SentTimestamp", "1763700000000"));
        SQSEvent.MessageAttribute job = new SQSEvent.MessageAttribute();
        job.setDataType("String");
        job.setStringValue("orders_daily");
        SQSEvent.MessageAttribute binary = new SQSEvent.MessageAttribute();
        binary.setDataType("Binary");
        binary.setBinaryValue(ByteBuffer.wrap(new byte[] {1}));
        record.setMessageAttributes(Map.of("job", job, "blob", binary));
        return record;
    }
}
