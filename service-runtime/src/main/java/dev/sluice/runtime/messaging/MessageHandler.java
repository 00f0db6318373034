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

    /**
     * Called once a message is about to go to the dead-letter queue (poison, or its last receive failed), before it is
     * forwarded: the handler's chance to finish what the message started (a stage marks its run failed and raises an
     * alert), so that no path to a DLQ is silent. It must be idempotent; its own failure is logged and the message is
     * still dead-lettered.
     *
     * @param reason why the message is dead-lettered, as the DLQ records it
     */
    default void onDeadLetter(InboundMessage message, String reason) {
    }
}
