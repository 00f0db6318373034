package dev.sluice.runtime.messaging;

/**
 * The core of a service: takes one message and performs its effects. The adapters ({@link SqsPoller},
 * the Lambda adapter in {@code dev.sluice.runtime.lambda}) drive it and decide what happens to the message from how it ends:
 *
 * <ul>
 *   <li>returning normally acknowledges the message (it is deleted);
 *   <li>{@link PoisonMessageException} or {@link dev.sluice.contracts.InvalidEventException}: the message can never
 *       succeed, and goes to the dead-letter queue now, with the reason;
 *   <li>anything else, {@link RetryableException} included: the message is left for redelivery, until it has been
 *       received {@link PollerOptions#maxReceiveCount()} times, when it goes to the dead-letter queue with the last
 *       error as the reason.
 * </ul>
 *
 * <p>Delivery is at least once, so a handler's effects must be idempotent. A handler may be called concurrently
 * from several threads.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(InboundMessage message) throws Exception;
}
