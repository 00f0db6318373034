package dev.sluice.runtime.messaging;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.lambda.SqsLambdaAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, for tests: receives batches from a real queue, hands each to the
 * function as an {@link SQSEvent}, and deletes the messages the response does not list as failures
 * (ReportBatchItemFailures). Failed messages stay in flight until their visibility timeout, as in AWS.
 */
final class LambdaEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaEventSource.class);

    private final SqsClient sqs;
    private final TestQueue queue;
    private final SqsLambdaAdapter function;
    private final Thread thread;
    private final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    LambdaEventSource(SqsClient sqs, TestQueue queue, SqsLambdaAdapter function) {
        this.sqs = sqs;
        this.queue = queue;
        this.function = function;
        this.thread = new Thread(this::run, "lambda-event-source-" + queue.name());
        this.thread.start();
    }

    private void run() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queue.url())
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(1)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All"))
                        .messages();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("receive failed", e);
                    Recorder.sleepQuietly(Duration.ofMillis(200));
                }
                continue;
            }
            if (messages.isEmpty()) {
                continue;
            }
            batchSizes.add(messages.size());
            SQSBatchResponse response = function.handle(event(messages));
            Set<String> failed = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            List<DeleteMessageBatchRequestEntry> acked = new ArrayList<>();
            for (Message m : messages) {
                if (!failed.contains(m.messageId())) {
                    acked.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(acked.size()))
                            .receiptHandle(m.receiptHandle()).build());
                }
            }
            if (!acked.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(acked));
            }
        }
    }

    /** The event Lambda would build from these messages. */
    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queue.arn());
            record.setAwsRegion("us-east-1");
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
            m.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(v.dataType());
                a.setStringValue(v.stringValue());
                messageAttributes.put(k, a);
            });
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The number of records of each event handed to the function so far. */
    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
