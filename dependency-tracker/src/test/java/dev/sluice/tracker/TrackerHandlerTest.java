package dev.sluice.tracker;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.core.TrackerTiming;
import dev.sluice.tracker.store.InMemoryTrackerStore;
import dev.sluice.tracker.store.JobPartition;
import dev.sluice.tracker.store.ReleaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the handler classifies the core's failures, and the timing invariants checked at start-up. */
class TrackerHandlerTest {
    static final PipelineSpecs SPECS = TestTopology.fixtureSpecs();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    final InMemoryEventPublisher published = new InMemoryEventPublisher();
    final EventCodec codec = new EventCodec();

    InboundMessage message(EventEnvelope<DataReady> event) {
        return new InboundMessage("m-1", "rh", codec.encode(event), Map.of(), 1,
                QueueRef.fromUrl("http://127.0.0.1/000000000000/tracker"), clock.instant());
    }

    @Test
    void aNewerInputBehindALiveLeaseIsRetriedAfterTheLeaseRunsOut() {
        InMemoryTrackerStore store = new InMemoryTrackerStore();
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(SPECS, store, published, clock, TrackerOptions.DEFAULTS), codec);
        published.failWhen(e -> e.data() instanceof JobReleased);
        assertThatThrownBy(() -> handler.handle(message(dataReady("fx", date("2026-11-20"), 1))));
        ReleaseRecord crashed = store.release("pin", date("2026-11-20")).orElseThrow();
        store.compareAndSet(crashed.withLeaseUntil(clock.instant().plusSeconds(30)), crashed.revision());
        published.failWhen(e -> false);
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> handler.handle(message(dataReady("fx", date("2026-11-20"), 2))))
                .isInstanceOfSatisfying(RetryableException.class, e -> assertThat(e.retryAfter())
                        .as("20 s of lease left, plus the margin").contains(Duration.ofSeconds(21)));
    }

    @Test
    void anUnexpectedDeterministicFailureOfTheEvaluationIsPoisonWithItsReason() {
        InMemoryTrackerStore real = new InMemoryTrackerStore();
        // A store whose release reads fail as a bug in date or number arithmetic would: the same every time.
        dev.sluice.tracker.store.TrackerStore broken = (dev.sluice.tracker.store.TrackerStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.sluice.tracker.store.TrackerStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("release")) {
                        throw new ArithmeticException("long overflow");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(SPECS, broken, published, clock, TrackerOptions.DEFAULTS), codec);

        assertThatThrownBy(() -> handler.handle(message(dataReady("fx", date("2026-11-20"), 1))))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("ArithmeticException: long overflow");
    }

    @Test
    void startUpRefusesALeaseTheQueueTimingCannotHonour() {
        TrackerTiming.check(Duration.ofSeconds(30), Duration.ofSeconds(120), 5, TrackerHandler.LEASE_MARGIN); // the defaults
        assertThatThrownBy(() -> TrackerTiming.check(Duration.ofSeconds(120), Duration.ofSeconds(120), 5, TrackerHandler.LEASE_MARGIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SLUICE_TRACKER_PUBLISH_LEASE (PT2M) must be shorter than SLUICE_POLLER_VISIBILITY_TIMEOUT (PT2M)");
        assertThatThrownBy(() -> TrackerTiming.check(Duration.ofSeconds(30), Duration.ofSeconds(120), 1, TrackerHandler.LEASE_MARGIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SLUICE_POLLER_MAX_RECEIVE_COUNT (1) leaves 0 retries × PT31S = PT0S, less than SLUICE_TRACKER_PUBLISH_LEASE (PT30S)");
        assertThat(List.of(TrackerHandler.LEASE_MARGIN)).containsExactly(Duration.ofSeconds(1));
    }
}
