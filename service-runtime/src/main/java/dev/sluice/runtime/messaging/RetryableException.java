package dev.sluice.runtime.messaging;

/**
 * A failure that may go away: the message is left for redelivery (after its visibility timeout), until it has
 * been received {@code maxReceiveCount} times. Any exception other than {@link PoisonMessageException} and
 * {@link dev.sluice.contracts.InvalidEventException} is treated the same way; throwing this one says so explicitly.
 */
public class RetryableException extends RuntimeException {
    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
