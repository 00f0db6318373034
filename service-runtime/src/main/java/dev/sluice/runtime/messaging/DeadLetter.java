package dev.sluice.runtime.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message on its way to its queue's dead-letter queue, with why. It is sent with the original body and message
 * attributes plus:
 *
 * <ul>
 *   <li>{@value #ERROR_CLASS}: the exception's class name;
 *   <li>{@value #ERROR_REASON}: the reason, at most {@value #MAX_REASON_LENGTH} characters;
 *   <li>{@value #SOURCE_QUEUE}: the name of the queue it came from;
 *   <li>{@value #RECEIVE_COUNT}: how often it had been received;
 *   <li>{@value #FAILED_AT}: when it failed, ISO-8601 UTC.
 * </ul>
 *
 * <p>SQS allows {@value #MAX_MESSAGE_ATTRIBUTES} message attributes: when the original attributes and these do not
 * fit, original attributes are left out (see {@link #droppedAttributes()}).
 *
 * @param message       the message as received
 * @param kind          {@link FailureKind#POISON} or {@link FailureKind#EXHAUSTED}
 * @param errorClass    the failure's class name
 * @param reason        why, truncated to {@value #MAX_REASON_LENGTH} characters
 * @param correlationId the message's correlation id (for the logs)
 * @param failedAt      when it failed
 */
public record DeadLetter(
        InboundMessage message,
        FailureKind kind,
        String errorClass,
        String reason,
        String correlationId,
        Instant failedAt) {

    public static final String ERROR_CLASS = "sluice-error-class";
    public static final String ERROR_REASON = "sluice-error-reason";
    public static final String SOURCE_QUEUE = "sluice-source-queue";
    public static final String RECEIVE_COUNT = "sluice-receive-count";
    public static final String FAILED_AT = "sluice-failed-at";
    /** The attributes this class adds, in order. */
    public static final List<String> ATTRIBUTES = List.of(ERROR_CLASS, ERROR_REASON, SOURCE_QUEUE, RECEIVE_COUNT, FAILED_AT);

    public static final int MAX_REASON_LENGTH = 1000;
    /** SQS's limit on message attributes per message. */
    public static final int MAX_MESSAGE_ATTRIBUTES = 10;

    public DeadLetter {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(failedAt, "failedAt");
        if (kind == FailureKind.RETRYABLE) {
            throw new IllegalArgumentException("a retryable failure is not a dead letter");
        }
        errorClass = errorClass == null || errorClass.isBlank() ? "unknown" : errorClass;
        reason = truncate(reason == null || reason.isBlank() ? errorClass : reason, MAX_REASON_LENGTH);
        correlationId = correlationId == null ? message.messageId() : correlationId;
    }

    /**
     * The dead letter of {@code message}, which failed with {@code error}: for a poison message the reason is the
     * poison exception's message; for an exhausted one it names the receive count and the last error.
     */
    public static DeadLetter of(InboundMessage message, FailureKind kind, Throwable error, int maxReceiveCount,
                                String correlationId, Instant failedAt) {
        Objects.requireNonNull(error, "error");
        Throwable cause = kind == FailureKind.POISON ? FailureKind.poisonCause(error) : null;
        Throwable shown = cause != null ? cause : FailureKind.unwrap(error);
        String reason = kind == FailureKind.POISON
                ? describe(shown)
                : "gave up after " + message.approximateReceiveCount() + " receives (maxReceiveCount "
                        + maxReceiveCount + "); last error: " + describe(shown);
        return new DeadLetter(message, kind, shown.getClass().getName(), reason, correlationId, failedAt);
    }

    /** The name of the dead-letter queue: the source queue's name plus {@code -dlq}. */
    public String deadLetterQueueName() {
        return message.sourceQueue().deadLetterQueueName();
    }

    /** The message attributes to send: the original ones that fit, then the {@code sluice-*} ones. */
    public Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> kept = keptOriginalAttributes();
        kept.forEach(name -> out.put(name, message.attributes().get(name)));
        out.put(ERROR_CLASS, errorClass);
        out.put(ERROR_REASON, reason);
        out.put(SOURCE_QUEUE, message.sourceQueue().name());
        out.put(RECEIVE_COUNT, Integer.toString(message.approximateReceiveCount()));
        out.put(FAILED_AT, failedAt.toString());
        return Collections.unmodifiableMap(out);
    }

    /** Original attributes left out because SQS allows only {@value #MAX_MESSAGE_ATTRIBUTES} per message. */
    public List<String> droppedAttributes() {
        List<String> dropped = new ArrayList<>(originalAttributeNames());
        dropped.removeAll(keptOriginalAttributes());
        return List.copyOf(dropped);
    }

    private List<String> keptOriginalAttributes() {
        List<String> names = originalAttributeNames();
        int room = MAX_MESSAGE_ATTRIBUTES - ATTRIBUTES.size();
        return names.size() <= room ? names : names.subList(0, room);
    }

    /** The original attributes, sorted by name, without earlier {@code sluice-*} ones (a replayed dead letter's). */
    private List<String> originalAttributeNames() {
        return message.attributes().keySet().stream().filter(n -> !ATTRIBUTES.contains(n)).sorted().toList();
    }

    static String describe(Throwable error) {
        String text = error.getMessage();
        return text == null || text.isBlank() ? error.getClass().getSimpleName() : text;
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
