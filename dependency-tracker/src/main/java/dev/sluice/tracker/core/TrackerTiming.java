package dev.sluice.tracker.core;

import java.time.Duration;

/**
 * The timing invariants between the tracker's publish lease and its queue, checked at start-up (see
 * "Timing invariants" in docs/architecture.md):
 * <ul>
 *   <li>the lease is shorter than the visibility timeout: a crashed handler's own message comes back only
 *       after the visibility timeout, by when the lease has run out and the redelivery takes over;</li>
 *   <li>a message that meets a live lease is retried after the lease's remaining time plus a margin
 *       (so one retry always comes after the lease), and it must have a receive left for that retry:
 *       {@code (maxReceiveCount − 1) × (lease + margin) ≥ lease}, that is {@code maxReceiveCount ≥ 2}.</li>
 * </ul>
 */
public final class TrackerTiming {
    private TrackerTiming() {
    }

    /**
     * @throws IllegalArgumentException naming the settings and their values when they are inconsistent
     */
    public static void check(Duration publishLease, Duration visibilityTimeout, int maxReceiveCount, Duration leaseMargin) {
        if (publishLease.compareTo(visibilityTimeout) >= 0) {
            throw new IllegalArgumentException("SLUICE_TRACKER_PUBLISH_LEASE (" + publishLease + ") must be shorter than "
                    + "SLUICE_POLLER_VISIBILITY_TIMEOUT (" + visibilityTimeout + "): a crashed release's message returns after "
                    + "the visibility timeout and must find the lease expired");
        }
        Duration retries = publishLease.plus(leaseMargin).multipliedBy(Math.max(0, maxReceiveCount - 1));
        if (retries.compareTo(publishLease) < 0) {
            throw new IllegalArgumentException("SLUICE_POLLER_MAX_RECEIVE_COUNT (" + maxReceiveCount + ") leaves "
                    + (maxReceiveCount - 1) + " retries × " + publishLease.plus(leaseMargin) + " = " + retries
                    + ", less than SLUICE_TRACKER_PUBLISH_LEASE (" + publishLease
                    + "): a newer input waiting on a live lease would be dead-lettered before the lease runs out");
        }
    }
}
