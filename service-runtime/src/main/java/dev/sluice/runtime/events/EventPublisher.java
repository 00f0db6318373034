package dev.sluice.runtime.events;

import dev.sluice.contracts.EventEnvelope;
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
}
