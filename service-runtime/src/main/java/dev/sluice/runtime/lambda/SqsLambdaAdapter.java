package dev.sluice.runtime.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.messaging.DeadLetterForwarder;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.MessageProcessor;
import dev.sluice.runtime.messaging.Outcome;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.messaging.RetryDelays;
import dev.sluice.runtime.messaging.RetryableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link MessageHandler} from a Lambda SQS event: handles the batch's messages one after the other and
 * returns, as {@code batchItemFailures}, exactly those left for redelivery. Poison messages, and messages whose
 * retryable failure came on their last allowed receive, are forwarded to the dead-letter queue with the reason and
 * are <em>not</em> listed, so that Lambda deletes them.
 *
 * <p>The event source mapping must have {@code FunctionResponseTypes: [ReportBatchItemFailures]}; without it Lambda
 * ignores the response and deletes the whole batch. Standard queues only: a FIFO queue would need every message after
 * the first failure reported too.
 */
public final class SqsLambdaAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SqsLambdaAdapter.class);

    static final String APPROXIMATE_RECEIVE_COUNT = "ApproximateReceiveCount";
    static final String SENT_TIMESTAMP = "SentTimestamp";

    private final MessageProcessor processor;
    private final RetryDelays retryDelays;

    public SqsLambdaAdapter(MessageHandler handler, DeadLetterForwarder deadLetters, int maxReceiveCount) {
        this(new MessageProcessor(handler, deadLetters, maxReceiveCount), RetryDelays.NONE);
    }

    public SqsLambdaAdapter(MessageHandler handler, DeadLetterForwarder deadLetters, int maxReceiveCount, RetryDelays retryDelays) {
        this(new MessageProcessor(handler, deadLetters, maxReceiveCount), retryDelays);
    }

    public SqsLambdaAdapter(MessageProcessor processor) {
        this(processor, RetryDelays.NONE);
    }

    public SqsLambdaAdapter(MessageProcessor processor, RetryDelays retryDelays) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.retryDelays = Objects.requireNonNull(retryDelays, "retryDelays");
    }

    /** Handles every record of {@code event}; the response lists the message ids to be redelivered. */
    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int deadLettered = 0;
        for (SQSEvent.SQSMessage record : records) {
            Outcome outcome;
            InboundMessage message = null;
            try {
                message = toInboundMessage(record);
                outcome = processor.process(message);
            } catch (RuntimeException e) {
                // Only a malformed record gets here (the processor itself never throws): retry it, not the batch.
                LOG.error("could not read SQS record {}; reported as failed", record.getMessageId(), e);
                outcome = new Outcome.Retry(e);
            }
            if (!outcome.acknowledge()) {
                if (message != null && outcome instanceof Outcome.Retry retry) {
                    InboundMessage failed = message;
                    RetryableException.retryAfterOf(retry.error()).ifPresent(delay -> retryDelays.delay(failed, delay));
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } else if (outcome instanceof Outcome.DeadLettered) {
                deadLettered++;
            }
        }
        if (!failures.isEmpty() || deadLettered > 0) {
            LOG.info("batch of {}: {} left for redelivery, {} dead-lettered", records.size(), failures.size(), deadLettered);
        }
        return new SQSBatchResponse(failures);
    }

    /** The record as the handler sees it. */
    public static InboundMessage toInboundMessage(SQSEvent.SQSMessage record) {
        Map<String, String> systemAttributes = record.getAttributes() == null ? Map.of() : record.getAttributes();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (record.getMessageAttributes() != null) {
            record.getMessageAttributes().forEach((name, value) -> {
                if (value != null && value.getStringValue() != null) {
                    attributes.put(name, value.getStringValue());
                }
            });
        }
        return new InboundMessage(
                record.getMessageId(),
                record.getReceiptHandle(),
                record.getBody(),
                attributes,
                InboundMessage.parseReceiveCount(systemAttributes.get(APPROXIMATE_RECEIVE_COUNT)),
                QueueRef.fromArn(Objects.requireNonNull(record.getEventSourceArn(), "eventSourceArn")),
                InboundMessage.parseEpochMillis(systemAttributes.get(SENT_TIMESTAMP)));
    }
}
