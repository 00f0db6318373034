package dev.sluice.tracker.core;

/**
 * Another evaluator holds the publishing lease of a job partition, or kept winning the conditional
 * write. Retryable: the message comes back after its visibility timeout and is evaluated again.
 */
public final class ReleaseInProgressException extends RuntimeException {
    public ReleaseInProgressException(String message) {
        super(message);
    }
}
