package dev.sluice.runtime.messaging;

import java.util.Objects;

/**
 * A message that can never succeed, however often it is retried: the adapter forwards it to the dead-letter queue
 * at once, with {@link #getMessage()} as the reason ({@code sluice-error-reason}), and deletes it from its queue.
 */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(Objects.requireNonNull(reason, "reason"));
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
    }
}
