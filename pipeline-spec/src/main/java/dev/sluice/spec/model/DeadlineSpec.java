package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.contracts.Partition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When a job partition's missing inputs count as late.
 *
 * <p>The deadline of a partition is the first time the cron expression fires, in {@code timeZone},
 * after the partition's anchor: the end of its date (for a job with a date dimension), otherwise the
 * arrival of its first input.
 *
 * @param cron     five-field cron expression: minute hour day-of-month month day-of-week
 * @param timeZone IANA time zone, for example {@code Europe/Berlin}
 * @param onMissed what to do at the deadline: alert (default) or release with the inputs present
 */
public record DeadlineSpec(String cron, String timeZone, OnMissed onMissed) {
    public DeadlineSpec {
        Objects.requireNonNull(cron, "cron");
        timeZone = timeZone == null ? "UTC" : timeZone;
        onMissed = onMissed == null ? OnMissed.ALERT : onMissed;
    }

    /**
     * The deadline of partition {@code q} of a job partitioned by {@code partitioning}: the first time the
     * cron fires at or after the end of {@code q}'s date (midnight in {@link #timeZone}), or of its hour for a job
     * partitioned by an hour, or at or after {@code firstSeen} for a job with neither. Minute precision, as cron.
     */
    public Instant deadlineOf(List<Dimension> partitioning, Partition q, Instant firstSeen) {
        ZoneId zone = ZoneId.of(timeZone);
        ZonedDateTime anchor = partitioning.stream()
                .filter(d -> d.type() == DimensionType.DATE)
                .findFirst()
                .map(d -> LocalDate.parse(q.dimensions().get(d.name())).plusDays(1).atStartOfDay(zone))
                .or(() -> partitioning.stream().filter(d -> d.type() == DimensionType.HOUR).findFirst()
                        .map(d -> java.time.LocalDateTime.parse(q.dimensions().get(d.name()) + ":00").plusHours(1).atZone(zone)))
                .orElse(firstSeen.atZone(zone));
        return CronExpression.parse(cron).nextAfter(anchor.minusMinutes(1), zone).toInstant();
    }

    /** What happens when a deadline passes with inputs missing. */
    public enum OnMissed {
        ALERT, RELEASE_PARTIAL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static OnMissed fromWire(String value) {
            for (OnMissed o : values()) {
                if (o.wire().equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown onMissed '" + value + "', expected alert or release-partial");
        }
    }
}
