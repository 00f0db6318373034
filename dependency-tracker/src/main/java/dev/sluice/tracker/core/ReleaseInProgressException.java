package dev.sluice.tracker.core;

import java.time.Instant;

/**
 * Another evaluator holds the publishing lease of a job partition, or kept winning the conditional
 * write. Retryable: the message is evaluated again. When a lease is in the way, {@link #leaseUntil()} says
 * when it runs out, so the retry can come after it (and take over a crashed publisher) instead of spending
 * the message's receives while the lease is still live.
 */
public final class ReleaseInProgressException extends RuntimeException {
    private final transient Instant leaseUntil;

    public ReleaseInProgressException(String message) {
        this(message, null);
    }

    public ReleaseInProgressException(String message, Instant leaseUntil) {
        super(message);
        this.leaseUntil = leaseUntil;
    }

    /** When the lease in the way runs out, or null for contention on the conditional write. */
    public Instant leaseUntil() {
        return leaseUntil;
    }
}
