package dev.sluice.spec.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A clock dataset's schedule: the dataset gets a partition (the tick's date, in {@code timeZone}) each time
 * {@code cron} fires, published by the tracker itself, so jobs that consume it are released on the clock through the
 * same exactly-once path as any input.
 *
 * @param cron     five-field cron expression (minute hour day-of-month month day-of-week)
 * @param timeZone where the cron expression is read; UTC by default
 * @param catchUp  after an outage, ticks up to this far back are still released; older ones are not. 1 day by
 *                 default; at most 31 days
 */
public record ScheduleSpec(String cron, String timeZone, Duration catchUp) {
    public static final Duration DEFAULT_CATCH_UP = Duration.ofDays(1);
    public static final Duration MAX_CATCH_UP = Duration.ofDays(31);

    public ScheduleSpec {
        Objects.requireNonNull(cron, "cron");
        timeZone = timeZone == null ? "UTC" : timeZone;
        catchUp = catchUp == null ? DEFAULT_CATCH_UP : catchUp;
    }
}
