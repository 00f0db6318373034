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
import dev.sluice.spec.topology.TopologyNames;
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

    static final TopologyNames NAMES = new TopologyNames("local");
    final IngressPolicy ingress = new IngressPolicy(SPECS, NAMES);

    /** {@code body} as the tracker queue receives it from {@code topic}: in SNS's notification envelope. */
    static String notification(String topic, String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("Type", "Notification",
                    "MessageId", "sns-1", "TopicArn", "arn:aws:sns:us-east-1:000000000000:" + topic, "Message", body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    InboundMessage raw(String body) {
        return new InboundMessage("m-1", "rh", body, Map.of(), 1, QueueRef.fromUrl("http://127.0.0.1/000000000000/tracker"),
                clock.instant());
    }

    InboundMessage message(String topic, EventEnvelope<DataReady> event) {
        return raw(notification(topic, codec.encode(event)));
    }

    /** From the owning team's ingress topic, as an upstream team publishes (the fixture's fx is treasury's). */
    InboundMessage message(EventEnvelope<DataReady> event) {
        return message(NAMES.ingressTopic(SPECS.findDataset(event.data().dataset()).orElseThrow().owner()), event);
    }

    @Test
    void aNewerInputBehindALiveLeaseIsRetriedAfterTheLeaseRunsOut() {
        InMemoryTrackerStore store = new InMemoryTrackerStore();
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(SPECS, store, published, clock, TrackerOptions.DEFAULTS), codec, ingress);
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
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(SPECS, broken, published, clock, TrackerOptions.DEFAULTS), codec, ingress);

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

    @Test
    void onlyTheOwnersIngressTopicMayPublishAnExternalDatasetAndOnlyTheLoaderAJobsDataset() {
        InMemoryTrackerStore store = new InMemoryTrackerStore();
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(SPECS, store, published, clock, TrackerOptions.DEFAULTS), codec,
                ingress);
        Map<InboundMessage, String> refused = new java.util.LinkedHashMap<>();
        refused.put(message(NAMES.ingressTopic("shop"), dataReady("fx", date("2026-11-20"), 1)),
                "data.dataset: 'fx' is owned by team treasury: team shop may not publish it (topic local-sluice-ingress-shop)");
        refused.put(message(NAMES.dataReadyTopic(), dataReady("fx", date("2026-11-20"), 1)),
                "data.dataset: 'fx' is external (owned by team treasury): it is accepted only from its owner's ingress topic, not from"
                        + " local-sluice-data-ready, where only Sluice's loader publishes");
        refused.put(message(NAMES.ingressTopic("treasury"), dataReady("enriched", date("2026-11-20"), Long.valueOf(1))),
                "data.dataset: 'enriched' is produced by a Sluice job: only Sluice's loader may publish it, not team treasury"
                        + " (topic local-sluice-ingress-treasury)");
        refused.put(message("prod-sluice-ingress-treasury", dataReady("fx", date("2026-11-20"), 1)),
                "refused a data-ready from topic prod-sluice-ingress-treasury: not one of this environment's data-ready or ingress topics");
        refused.put(raw(codec.encode(dataReady("fx", date("2026-11-20"), 1))),
                "refused: the tracker takes data-ready events as SNS notifications that name their topic");
        refused.forEach((message, reason) -> assertThatThrownBy(() -> handler.handle(message))
                .isInstanceOf(PoisonMessageException.class).hasMessageStartingWith(reason));
        assertThat(store.versionsOf("fx")).as("nothing recorded").isEmpty();
        assertThat(store.versionsOf("enriched")).isEmpty();
        assertThat(store.releasesOf("pin")).as("nothing released").isEmpty();
        // Each refused event that parsed raises an alert naming the jobs it would have fed (the envelope-less one is not read).
        assertThat(published.data(dev.sluice.contracts.Alert.class)).hasSize(4).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo(dev.sluice.contracts.Alert.Kind.FAILURE);
            assertThat(a.message()).startsWith("refused data-ready of ");
        });
        assertThat(published.data(dev.sluice.contracts.JobReleased.class)).isEmpty();
        published.clear();

        handler.handle(message(NAMES.ingressTopic("treasury"), dataReady("fx", date("2026-11-20"), 1)));
        handler.handle(message(NAMES.dataReadyTopic(), dataReady("enriched", date("2026-11-20"), 1)));
        assertThat(store.versionsOf("fx")).hasSize(1);
        assertThat(store.versionsOf("enriched")).hasSize(1);
    }
}
