package dev.sluice.runtime.messaging;

/**
 * Sends a message that will not be retried to its dead-letter queue, with the reason (see {@link DeadLetter}).
 * {@link SqsDeadLetterForwarder} sends to SQS; {@link InMemoryDeadLetterForwarder} is its twin for unit tests.
 *
 * <p>A failure to forward throws; the adapters then leave the message for redelivery, and SQS's own redrive policy
 * is the last resort (it moves the message without a reason).
 */
@FunctionalInterface
public interface DeadLetterForwarder {
    void forward(DeadLetter deadLetter);
}
