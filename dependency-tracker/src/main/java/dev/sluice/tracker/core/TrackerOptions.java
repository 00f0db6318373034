package dev.sluice.tracker.core;

import java.time.Duration;

/**
 * Settings of the tracker core.
 *
 * @param publishLease how long a release winner may take to publish before a redelivery takes over and
 *                     publishes the same runId. It must stay below the queue's visibility timeout: a
 *                     crashed handler's own message comes back only after that timeout, and duplicates
 *                     seen during the lease are acknowledged
 * @param maxAttempts  conditional-write attempts per evaluation before giving up (retryable)
 */
public record TrackerOptions(Duration publishLease, int maxAttempts) {
    public static final TrackerOptions DEFAULTS = new TrackerOptions(Duration.ofSeconds(30), 8);

    public TrackerOptions {
        if (publishLease.isNegative()) {
            throw new IllegalArgumentException("publishLease must not be negative, not " + publishLease);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }
}
