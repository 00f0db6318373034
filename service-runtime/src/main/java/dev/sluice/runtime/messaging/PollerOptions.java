package dev.sluice.runtime.messaging;

import dev.sluice.spec.settings.Durations;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of the container poller ({@link SqsPoller}), named after Spring Cloud AWS's SQS listener options where
 * one exists. Each setting is declared once in {@link #SETTINGS} with its option name, environment variable, default
 * and constraint; the constructor validates every value, and an error names the setting and the value.
 *
 * <p>Durations are written {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT20S}).
 *
 * @param maxConcurrentMessages       messages in work at once (and so worker threads)
 * @param maxMessagesPerPoll          messages asked for per ReceiveMessage (never more than there is room for)
 * @param pollTimeout                 the long-poll wait of ReceiveMessage, in whole seconds
 * @param listenerShutdownTimeout     how long shutdown waits for messages in work before releasing them
 * @param visibilityTimeout           the visibility timeout asked for on receive, and renewed while in work
 * @param visibilityExtensionInterval how often the visibility of a message in work is renewed; by default a third of
 *                                    {@code visibilityTimeout}
 * @param maxReceiveCount             the receive on which a retryable failure goes to the dead-letter queue; matches
 *                                    the queue's redrive policy (the topology's {@code maxReceiveCount})
 * @param backoffInitial              the first pause after a failed SQS call (receive, delete, dead-letter forward)
 * @param backoffMax                  the longest such pause; pauses double up to it, with jitter
 */
public record PollerOptions(
        int maxConcurrentMessages,
        int maxMessagesPerPoll,
        Duration pollTimeout,
        Duration listenerShutdownTimeout,
        Duration visibilityTimeout,
        Duration visibilityExtensionInterval,
        int maxReceiveCount,
        Duration backoffInitial,
        Duration backoffMax) {

    /** One setting: its option name, environment variable, default (as written) and constraint. */
    public record Setting(String option, String env, String defaultValue, String constraint) {
        IllegalArgumentException invalid(Object value) {
            return new IllegalArgumentException(env + " (" + option + ") must be " + constraint + ", got '" + value + "'");
        }
    }

    public static final Setting MAX_CONCURRENT_MESSAGES = new Setting(
            "maxConcurrentMessages", "SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", "10", "an integer in 1..1000");
    public static final Setting MAX_MESSAGES_PER_POLL = new Setting(
            "maxMessagesPerPoll", "SLUICE_POLLER_MAX_MESSAGES_PER_POLL", "10", "an integer in 1..10");
    public static final Setting POLL_TIMEOUT = new Setting(
            "pollTimeout", "SLUICE_POLLER_POLL_TIMEOUT", "20s", "whole seconds in 1s..20s");
    public static final Setting LISTENER_SHUTDOWN_TIMEOUT = new Setting(
            "listenerShutdownTimeout", "SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "20s", "a duration in 0s..15m");
    public static final Setting VISIBILITY_TIMEOUT = new Setting(
            "visibilityTimeout", "SLUICE_POLLER_VISIBILITY_TIMEOUT", "120s", "whole seconds in 1s..12h");
    public static final Setting VISIBILITY_EXTENSION_INTERVAL = new Setting(
            "visibilityExtensionInterval", "SLUICE_POLLER_VISIBILITY_EXTENSION_INTERVAL", "visibilityTimeout / 3",
            "a duration of at least 100ms and less than visibilityTimeout");
    public static final Setting MAX_RECEIVE_COUNT = new Setting(
            "maxReceiveCount", "SLUICE_POLLER_MAX_RECEIVE_COUNT", "5", "an integer in 1..1000");
    public static final Setting BACKOFF_INITIAL = new Setting(
            "backoffInitial", "SLUICE_POLLER_BACKOFF_INITIAL", "1s", "a duration in 1ms..1h");
    public static final Setting BACKOFF_MAX = new Setting(
            "backoffMax", "SLUICE_POLLER_BACKOFF_MAX", "60s", "a duration in backoffInitial..1h");

    /** Every setting, in the order of the record's components. */
    public static final List<Setting> SETTINGS = List.of(
            MAX_CONCURRENT_MESSAGES, MAX_MESSAGES_PER_POLL, POLL_TIMEOUT, LISTENER_SHUTDOWN_TIMEOUT,
            VISIBILITY_TIMEOUT, VISIBILITY_EXTENSION_INTERVAL, MAX_RECEIVE_COUNT, BACKOFF_INITIAL, BACKOFF_MAX);

    /** {@link #SETTINGS} as definitions (name, default, constraint, doc), e.g. for the configuration page's check. */
    public static final List<SettingDef<String>> DEFINITIONS = SETTINGS.stream()
            .map(s -> SettingDef.of(s.env(), "duration or integer", s.defaultValue(), s.defaultValue(), s.constraint(),
                    s.option(), text -> text))
            .toList();

    private static final Duration MIN_EXTENSION_INTERVAL = Duration.ofMillis(100);

    /**
     * Validates every value; {@code visibilityExtensionInterval} may be {@code null} for its default (a third of
     * {@code visibilityTimeout}).
     *
     * @throws IllegalArgumentException naming the first setting out of its constraint, and the value
     */
    public PollerOptions {
        checkInt(MAX_CONCURRENT_MESSAGES, maxConcurrentMessages, 1, 1000);
        checkInt(MAX_MESSAGES_PER_POLL, maxMessagesPerPoll, 1, 10);
        checkDuration(POLL_TIMEOUT, pollTimeout, Duration.ofSeconds(1), Duration.ofSeconds(20), true);
        checkDuration(LISTENER_SHUTDOWN_TIMEOUT, listenerShutdownTimeout, Duration.ZERO, Duration.ofMinutes(15), false);
        checkDuration(VISIBILITY_TIMEOUT, visibilityTimeout, Duration.ofSeconds(1), Duration.ofHours(12), true);
        if (visibilityExtensionInterval == null) {
            visibilityExtensionInterval = visibilityTimeout.dividedBy(3).truncatedTo(ChronoUnit.MILLIS);
        }
        if (visibilityExtensionInterval.compareTo(MIN_EXTENSION_INTERVAL) < 0
                || visibilityExtensionInterval.compareTo(visibilityTimeout) >= 0) {
            throw VISIBILITY_EXTENSION_INTERVAL.invalid(format(visibilityExtensionInterval)
                    + "' with visibilityTimeout '" + format(visibilityTimeout));
        }
        checkInt(MAX_RECEIVE_COUNT, maxReceiveCount, 1, 1000);
        checkDuration(BACKOFF_INITIAL, backoffInitial, Duration.ofMillis(1), Duration.ofHours(1), false);
        checkDuration(BACKOFF_MAX, backoffMax, backoffInitial, Duration.ofHours(1), false);
    }

    /** Every setting at its default. */
    public static PollerOptions defaults() {
        return from(name -> null);
    }

    /** Reads the settings from a map of environment-style names to values, e.g. {@code SLUICE_POLLER_POLL_TIMEOUT=5s}. */
    public static PollerOptions fromMap(Map<String, String> settings) {
        Objects.requireNonNull(settings, "settings");
        return from(Lookup.of(settings));
    }

    /** Reads the settings from the environment, each name falling back to the system property of the same name. */
    public static PollerOptions fromEnvironment() {
        return from(Lookup.environment());
    }

    /**
     * Reads the settings through {@code lookup}, which maps an environment variable name ({@link Setting#env()}) to
     * its value or {@code null}; blank counts as unset.
     *
     * @throws IllegalArgumentException naming the setting and the value, for a value that does not parse or is out of
     *                                  its constraint
     */
    public static PollerOptions from(Lookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        Function<Setting, String> get = setting -> {
            String value = lookup.get(setting.env());
            return value == null || value.isBlank() ? null : value.trim();
        };
        String extension = get.apply(VISIBILITY_EXTENSION_INTERVAL);
        return new PollerOptions(
                parseInt(MAX_CONCURRENT_MESSAGES, get.apply(MAX_CONCURRENT_MESSAGES)),
                parseInt(MAX_MESSAGES_PER_POLL, get.apply(MAX_MESSAGES_PER_POLL)),
                parseDuration(POLL_TIMEOUT, get.apply(POLL_TIMEOUT)),
                parseDuration(LISTENER_SHUTDOWN_TIMEOUT, get.apply(LISTENER_SHUTDOWN_TIMEOUT)),
                parseDuration(VISIBILITY_TIMEOUT, get.apply(VISIBILITY_TIMEOUT)),
                extension == null ? null : parseDuration(VISIBILITY_EXTENSION_INTERVAL, extension),
                parseInt(MAX_RECEIVE_COUNT, get.apply(MAX_RECEIVE_COUNT)),
                parseDuration(BACKOFF_INITIAL, get.apply(BACKOFF_INITIAL)),
                parseDuration(BACKOFF_MAX, get.apply(BACKOFF_MAX)));
    }

    /** The settings as environment-style names to values; {@code fromMap(o.toMap())} equals {@code o}. */
    public Map<String, String> toMap() {
        return Map.of(
                MAX_CONCURRENT_MESSAGES.env(), Integer.toString(maxConcurrentMessages),
                MAX_MESSAGES_PER_POLL.env(), Integer.toString(maxMessagesPerPoll),
                POLL_TIMEOUT.env(), format(pollTimeout),
                LISTENER_SHUTDOWN_TIMEOUT.env(), format(listenerShutdownTimeout),
                VISIBILITY_TIMEOUT.env(), format(visibilityTimeout),
                VISIBILITY_EXTENSION_INTERVAL.env(), format(visibilityExtensionInterval),
                MAX_RECEIVE_COUNT.env(), Integer.toString(maxReceiveCount),
                BACKOFF_INITIAL.env(), format(backoffInitial),
                BACKOFF_MAX.env(), format(backoffMax));
    }

    /** {@code duration} as the shortest of {@code 250ms}, {@code 20s}, {@code 2m}, {@code 1h} that is exact. */
    public static String format(Duration duration) {
        return Durations.format(duration);
    }

    private static int parseInt(Setting setting, String value) {
        String text = value != null ? value : setting.defaultValue();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw setting.invalid(text);
        }
    }

    private static Duration parseDuration(Setting setting, String value) {
        String text = value != null ? value : setting.defaultValue();
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.env() + " (" + setting.option() + ") is not a duration: '"
                    + text + "'; write it like 500ms, 20s, 2m, 1h or PT20S");
        }
    }

    private static void checkInt(Setting setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw setting.invalid(value);
        }
    }

    private static void checkDuration(Setting setting, Duration value, Duration min, Duration max, boolean wholeSeconds) {
        if (value == null) {
            throw setting.invalid(null);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || wholeSeconds && value.toNanos() % 1_000_000_000L != 0) {
            throw setting.invalid(format(value));
        }
    }
}
