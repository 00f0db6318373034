package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after {@code n} consecutive failures, a pause drawn uniformly from
 * {@code [d/2, d]} where {@code d = min(max, initial * 2^(n-1))}.
 */
record Backoff(Duration initial, Duration max) {

    Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long initialMillis = Math.max(1, initial.toMillis());
        long maxMillis = Math.max(initialMillis, max.toMillis());
        int doublings = Math.min(failures - 1, 40);
        long ceiling = initialMillis;
        for (int i = 0; i < doublings && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
