package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that another attempt may fix: the message is left for redelivery. With a
 * {@link #retryAfter()} delay, both runtimes make the message visible again after that delay instead of
 * after the queue's whole visibility timeout (the poller itself, the Lambda adapter through
 * {@link RetryDelays}).
 */
public class RetryableException extends RuntimeException {
    private final transient Duration retryAfter;

    public RetryableException(String message) {
        this(message, null, null);
    }

    public RetryableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    public RetryableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The retry delay asked for by the first {@link RetryableException} in {@code error}'s cause chain. */
    public static Optional<Duration> retryAfterOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryableException r) {
                return r.retryAfter();
            }
        }
        return Optional.empty();
    }
}
