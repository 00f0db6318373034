package dev.sluice.runtime.events;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.InvalidEventException;
import java.util.Map;

/**
 * Publishes an event with its routing attributes ({@link dev.sluice.contracts.MessageAttributes#of})
 * plus any extra attributes (for example {@code sizeClass}).
 *
 * <p>A failure to publish throws; callers treat it as retryable, so the message that caused the
 * publish is received again.
 */
public interface EventPublisher {
    void publish(Destination destination, EventEnvelope<?> event, Map<String, String> extraAttributes);

    default void publish(Destination destination, EventEnvelope<?> event) {
        publish(destination, event, Map.of());
    }

    /**
     * The body of one of our own events. An event that fails its schema is a bug of ours, never poison of the message
     * being handled: the {@link InvalidEventException} is reported as an {@link IllegalStateException} without it as the
     * cause, so the failure model (which treats an invalid incoming event as poison) retries the message and, after its
     * last receive, dead-letters it with this reason, instead of dropping its failure report on the floor.
     */
    static String encodeOwn(EventCodec codec, EventEnvelope<?> event) {
        try {
            return codec.encode(event);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("could not publish our own " + event.type().type() + " event " + event.subject()
                    + ": " + e.getMessage());
        }
    }
}
