package dev.sluice.runtime.messaging;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Just enough of SQS for the poller's unit tests: a queue in memory, with failures on demand. */
final class FakeSqs implements SqsClient {
    static final String URL = "https://sqs.us-east-1.amazonaws.com/000000000000/test-sluice-work";

    private final LinkedBlockingDeque<Message> queue = new LinkedBlockingDeque<>();
    final List<Integer> requestedPerReceive = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<Integer> visibilityChanges = new CopyOnWriteArrayList<>();
    final AtomicInteger receiveFailures = new AtomicInteger();
    volatile boolean failEveryReceive;

    void add(String body) {
        String id = UUID.randomUUID().toString();
        queue.add(Message.builder().messageId(id).receiptHandle("rh-" + id).body(body)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")).build());
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        requestedPerReceive.add(request.maxNumberOfMessages());
        if (failEveryReceive) {
            receiveFailures.incrementAndGet();
            throw SqsException.builder().message("injected: service unavailable").statusCode(503).build();
        }
        List<Message> out = new java.util.ArrayList<>();
        try {
            Message first = queue.poll(request.waitTimeSeconds(), TimeUnit.SECONDS);
            if (first != null) {
                out.add(first);
                queue.drainTo(out, request.maxNumberOfMessages() - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ReceiveMessageResponse.builder().messages(out).build();
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        deleted.add(request.receiptHandle());
        return DeleteMessageResponse.builder().build();
    }

    @Override
    public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
        visibilityChanges.add(request.visibilityTimeout());
        return ChangeMessageVisibilityResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "sqs";
    }

    @Override
    public void close() {
    }
}
