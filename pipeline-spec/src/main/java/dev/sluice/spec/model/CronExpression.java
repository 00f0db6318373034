package dev.sluice.spec.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A standard five-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Fields accept {@code *}, numbers, ranges {@code a-b}, steps {@code *}{@code /n} and {@code a-b/n},
 * lists {@code a,b}, month names {@code JAN}–{@code DEC}, day names {@code SUN}–{@code SAT} (0 and 7 are
 * Sunday) and {@code ?} for either day field. As in Vixie cron, when both day fields are restricted a
 * day matches if either matches.
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text) {
        this.text = text;
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + text + "' must have 5 fields (minute hour day-of-month month day-of-week), found " + fields.length);
        }
        minutes = parseField(fields[0], "minute", 0, 59, List.of());
        hours = parseField(fields[1], "hour", 0, 23, List.of());
        daysOfMonth = parseField(fields[2], "day-of-month", 1, 31, List.of());
        months = parseField(fields[3], "month", 1, 12, MONTHS);
        BitSet dow = parseField(fields[4], "day-of-week", 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        daysOfWeek = dow;
        domRestricted = !isWildcard(fields[2]);
        dowRestricted = !isWildcard(fields[4]);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the bad field and value. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        return new CronExpression(text);
    }

    private static boolean isWildcard(String field) {
        return field.equals("*") || field.equals("?");
    }

    private BitSet parseField(String field, String name, int min, int max, List<String> names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), name, part, 1, max, List.of());
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], name, part, min, max, names);
                to = number(ends[1], name, part, min, max, names);
                if (from > to) {
                    throw new IllegalArgumentException("cron " + name + " range '" + part + "' in '" + text + "' runs backwards");
                }
            } else {
                from = number(range, name, part, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private int number(String token, String name, String part, int min, int max, List<String> names) {
        int index = names.indexOf(token.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return names == MONTHS ? index + 1 : index;
        }
        try {
            int v = Integer.parseInt(token);
            if (v < min || v > max) {
                throw new IllegalArgumentException("cron " + name + " value '" + token + "' in '" + text + "' is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + name + " field '" + part + "' in '" + text + "' is not a number, range, step or name");
        }
    }

    /** The first fire time strictly after {@code after}, in {@code zone}. */
    public ZonedDateTime nextAfter(ZonedDateTime after, ZoneId zone) {
        LocalDateTime t = after.withZoneSameInstant(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = t.toLocalDate();
        LocalTime from = t.toLocalTime();
        for (int i = 0; i < 366 * 8; i++) {
            if (months.get(day.getMonthValue()) && dayMatches(day)) {
                LocalTime time = firstTimeAtOrAfter(from);
                if (time != null) {
                    ZonedDateTime fire = ZonedDateTime.of(day, time, zone);
                    if (fire.isAfter(after)) {
                        return fire;
                    }
                }
            }
            day = day.plusDays(1);
            from = LocalTime.MIDNIGHT;
        }
        throw new IllegalStateException("cron expression '" + text + "' never fires");
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        int dowIndex = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue();
        boolean dow = daysOfWeek.get(dowIndex);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private LocalTime firstTimeAtOrAfter(LocalTime from) {
        for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
            int startMinute = h == from.getHour() ? from.getMinute() : 0;
            int m = minutes.nextSetBit(startMinute);
            if (m >= 0 && m <= 59) {
                return LocalTime.of(h, m);
            }
        }
        return null;
    }

    /**
     * The same schedule as an Amazon EventBridge (Scheduler) cron expression, {@code cron(minutes hours day-of-month
     * month day-of-week year)}: day-of-week numbered 1 (Sunday) to 7, and {@code ?} in the day field that is not
     * restricted. Empty when both day fields are restricted (a day matching either), which EventBridge cannot say.
     */
    public Optional<String> toAwsCron() {
        if (domRestricted && dowRestricted) {
            return Optional.empty();
        }
        String dom = domRestricted ? list(daysOfMonth, 1, 31, 0) : dowRestricted ? "?" : "*";
        String dow = dowRestricted ? list(daysOfWeek, 0, 6, 1) : "?";
        return Optional.of("cron(" + list(minutes, 0, 59, 0) + " " + list(hours, 0, 23, 0) + " " + dom + " "
                + list(months, 1, 12, 0) + " " + dow + " *)");
    }

    /** {@code bits} within {@code min..max} as {@code *} or a list of values and runs, each shifted by {@code shift}. */
    private static String list(BitSet bits, int min, int max, int shift) {
        if (bits.get(min, max + 1).cardinality() == max - min + 1) {
            return "*";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (int v = bits.nextSetBit(min); v >= 0 && v <= max; v = bits.nextSetBit(v + 1)) {
            int end = v;
            while (end + 1 <= max && bits.get(end + 1)) {
                end++;
            }
            parts.add(end - v >= 2 ? (v + shift) + "-" + (end + shift) : end == v ? Integer.toString(v + shift)
                    : (v + shift) + "," + (end + shift));
            v = end;
        }
        return String.join(",", parts);
    }

    @Override
    public String toString() {
        return text;
    }
}
