package dev.sluice.spec.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one way settings write durations: {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT20S}). */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * {@code text} as a duration.
     *
     * @throws IllegalArgumentException when it is neither form (a bare number included)
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 500ms, 20s, 2m, 1h or PT20S");
        }
    }

    /** {@code duration} as the shortest of {@code 250ms}, {@code 20s}, {@code 2m}, {@code 1h} that is exact. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "null";
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0 || millis == 0 && !duration.isZero()) {
            return millis + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
