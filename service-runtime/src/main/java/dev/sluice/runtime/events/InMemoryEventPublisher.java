package dev.sluice.runtime.events;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventData;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.MessageAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The in-memory twin of {@link SnsEventPublisher}: keeps what was published. Events go through the
 * codec, so an invalid event fails here as it would in AWS. A failure can be injected to test crash
 * safety.
 */
public final class InMemoryEventPublisher implements EventPublisher {
    /** One published event with its attributes. */
    public record Published(Destination destination, EventEnvelope<?> event, Map<String, String> attributes) {
    }

    private final EventCodec codec = new EventCodec();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile Predicate<EventEnvelope<?>> failWhen = e -> false;

    @Override
    public void publish(Destination destination, EventEnvelope<?> event, Map<String, String> extraAttributes) {
        EventPublisher.encodeOwn(codec, event);
        if (failWhen.test(event)) {
            throw new IllegalStateException("injected publish failure for " + event.type().type() + " " + event.subject());
        }
        Map<String, String> attributes = MessageAttributes.published(event, extraAttributes);
        published.add(new Published(destination, event, Map.copyOf(attributes)));
    }

    /** Makes every publish of a matching event throw, until {@link #failWhen} is called again. */
    public void failWhen(Predicate<EventEnvelope<?>> predicate) {
        this.failWhen = predicate;
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    @SuppressWarnings("unchecked")
    public <T extends EventData> List<T> data(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Published p : published) {
            if (type.isInstance(p.event().data())) {
                out.add((T) p.event().data());
            }
        }
        return out;
    }

    public void clear() {
        published.clear();
    }
}
