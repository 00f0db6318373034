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
 * @param maxVersionJump how far ahead of a partition's recorded version a new version may be; a larger jump is
 *                     refused, so one event cannot make every later version of the partition stale
 */
public record TrackerOptions(Duration publishLease, int maxAttempts, long maxVersionJump) {
    /** 400 days in milliseconds: a year's gap between two epoch-millisecond versions, and far above any counter's step. */
    public static final long DEFAULT_MAX_VERSION_JUMP = 400L * 24 * 3600 * 1000;
    public static final TrackerOptions DEFAULTS = new TrackerOptions(Duration.ofSeconds(30), 8, DEFAULT_MAX_VERSION_JUMP);

    public TrackerOptions(Duration publishLease, int maxAttempts) {
        this(publishLease, maxAttempts, DEFAULT_MAX_VERSION_JUMP);
    }

    public TrackerOptions {
        if (maxVersionJump < 1) {
            throw new IllegalArgumentException("maxVersionJump must be at least 1, not " + maxVersionJump);
        }
        if (publishLease.isNegative()) {
            throw new IllegalArgumentException("publishLease must not be negative, not " + publishLease);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }
}
