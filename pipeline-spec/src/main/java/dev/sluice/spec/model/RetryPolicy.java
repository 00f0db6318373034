package dev.sluice.spec.model;

import java.time.Duration;

/**
 * How often a failed stage is tried again before the job fails.
 *
 * @param maxAttempts    total attempts, at least 1
 * @param initialBackoff delay before the second attempt, ISO-8601 duration ({@code PT30S})
 * @param maxBackoff     cap of the exponentially growing delay
 */
public record RetryPolicy(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    public RetryPolicy {
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(30) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
    }
}
