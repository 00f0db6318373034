package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.model.CronExpression;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void dailyAtSixInAZone() {
        ZonedDateTime after = ZonedDateTime.parse("2026-11-21T00:00:00+01:00[Europe/Berlin]");
        assertThat(CronExpression.parse("0 6 * * *").nextAfter(after, BERLIN))
                .isEqualTo(ZonedDateTime.parse("2026-11-21T06:00:00+01:00[Europe/Berlin]"));
        assertThat(CronExpression.parse("0 6 * * *").nextAfter(after.plusHours(6), BERLIN))
                .isEqualTo(ZonedDateTime.parse("2026-11-22T06:00:00+01:00[Europe/Berlin]"));
    }

    @Test
    void stepsListsRangesAndNames() {
        ZonedDateTime after = ZonedDateTime.parse("2026-11-21T10:07:00Z[UTC]"); // a Saturday
        ZoneId utc = ZoneId.of("UTC");
        assertThat(CronExpression.parse("*/15 * * * *").nextAfter(after, utc)).isEqualTo(after.withMinute(15));
        assertThat(CronExpression.parse("0 9 * * MON-FRI").nextAfter(after, utc))
                .isEqualTo(ZonedDateTime.parse("2026-11-23T09:00:00Z[UTC]"));
        assertThat(CronExpression.parse("30 1 1,15 JAN *").nextAfter(after, utc))
                .isEqualTo(ZonedDateTime.parse("2027-01-01T01:30:00Z[UTC]"));
    }

    @Test
    void errorsNameTheFieldAndValue() {
        assertThatThrownBy(() -> CronExpression.parse("0 6 * *"))
                .hasMessage("cron expression '0 6 * *' must have 5 fields (minute hour day-of-month month day-of-week), found 4");
        assertThatThrownBy(() -> CronExpression.parse("61 6 * * *"))
                .hasMessage("cron minute value '61' in '61 6 * * *' is outside 0-59");
        assertThatThrownBy(() -> CronExpression.parse("0 6 * * FUNDAY"))
                .hasMessage("cron day-of-week field 'FUNDAY' in '0 6 * * FUNDAY' is not a number, range, step or name");
    }

    @org.junit.jupiter.api.Test
    void theSameScheduleInEventBridgeSyntax() {
        org.assertj.core.api.Assertions.assertThat(java.util.Map.of(
                "0 6 * * *", dev.sluice.spec.model.CronExpression.parse("0 6 * * *").toAwsCron(),
                "30 7 * * MON-FRI", dev.sluice.spec.model.CronExpression.parse("30 7 * * MON-FRI").toAwsCron(),
                "*/15 0-5 1,15 * ?", dev.sluice.spec.model.CronExpression.parse("*/15 0-5 1,15 * ?").toAwsCron(),
                "0 0 * JAN,JUL 0,6", dev.sluice.spec.model.CronExpression.parse("0 0 * JAN,JUL 0,6").toAwsCron(),
                "0 0 1 * 1", dev.sluice.spec.model.CronExpression.parse("0 0 1 * 1").toAwsCron()))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "0 6 * * *", java.util.Optional.of("cron(0 6 * * ? *)"),
                        // day-of-week 1 (Sunday) to 7 in EventBridge: Monday-Friday is 2-6
                        "30 7 * * MON-FRI", java.util.Optional.of("cron(30 7 ? * 2-6 *)"),
                        "*/15 0-5 1,15 * ?", java.util.Optional.of("cron(0,15,30,45 0-5 1,15 * ? *)"),
                        "0 0 * JAN,JUL 0,6", java.util.Optional.of("cron(0 0 ? 1,7 1,7 *)"),
                        // both day fields restricted (either matches): EventBridge cannot say it
                        "0 0 1 * 1", java.util.Optional.empty()));
    }
}
