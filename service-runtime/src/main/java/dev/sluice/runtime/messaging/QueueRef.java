package dev.sluice.runtime.messaging;

import java.util.Objects;

/**
 * The queue a message came from, as far as the adapter knows it: always the name, plus the URL (container poller)
 * or the ARN (Lambda event source).
 *
 * @param name the queue name, e.g. {@code prod-sluice-extract}
 * @param url  the queue URL, or {@code null}
 * @param arn  the queue ARN, or {@code null}
 */
public record QueueRef(String name, String url, String arn) {

    /** What {@link dev.sluice.spec.topology.TopologyNames#deadLetterQueue} appends to a queue name. */
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    public QueueRef {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("queue name is blank");
        }
    }

    /** The queue at {@code url} ({@code https://sqs.<region>.amazonaws.com/<account>/<name>}). */
    public static QueueRef fromUrl(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new QueueRef(trimmed.substring(trimmed.lastIndexOf('/') + 1), url, null);
    }

    /** The queue with {@code arn} ({@code arn:aws:sqs:<region>:<account>:<name>}). */
    public static QueueRef fromArn(String arn) {
        Objects.requireNonNull(arn, "arn");
        return new QueueRef(arn.substring(arn.lastIndexOf(':') + 1), null, arn);
    }

    /** The name of this queue's dead-letter queue: the name plus {@value #DEAD_LETTER_SUFFIX}, as the topology names it. */
    public String deadLetterQueueName() {
        return name + DEAD_LETTER_SUFFIX;
    }

    @Override
    public String toString() {
        return name;
    }
}
