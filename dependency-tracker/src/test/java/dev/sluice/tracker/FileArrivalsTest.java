package dev.sluice.tracker;

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
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.store.InMemoryTrackerStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3 object-created notifications (a recorded one) become data-ready events of the file-fed datasets. */
class FileArrivalsTest {
    static final TopologyNames NAMES = new TopologyNames("local");
    final PipelineSpecs specs = load();
    final FileArrivals arrivals = new FileArrivals(specs, NAMES.bucket());

    static PipelineSpecs load() {
        try {
            return PipelineSpecs.load(Path.of(FileArrivalsTest.class.getResource("/specs/file-arrival").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String recorded(String bucket) throws IOException {
        try (var in = FileArrivalsTest.class.getResourceAsStream("/events/s3-object-created.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("BUCKET", bucket);
        }
    }

    @Test
    void aRecordedObjectCreatedEventIsTheDataReadyOfThePartitionParsedFromTheKey() throws IOException {
        List<EventEnvelope<DataReady>> events = arrivals.dataReady(recorded(NAMES.bucket()));
        assertThat(events).hasSize(1);
        DataReady ready = events.getFirst().data();
        assertThat(ready.dataset()).isEqualTo("orders_drop");
        assertThat(ready.partition()).isEqualTo(Partition.of("date", "2026-11-20", "region", "eu"));
        assertThat(ready.version()).isEqualTo(Instant.parse("2026-11-20T06:01:02.345Z").toEpochMilli());
        assertThat(ready.location()).isEqualTo(URI.create("s3://" + NAMES.bucket() + "/raw/orders/date=2026-11-20/region=eu/"));
        assertThat(ready.format()).isEqualTo("csv");
        assertThat(events.getFirst().subject()).endsWith("@0055AED6DCD90281E5");
    }

    @Test
    void whatIsNotAFileOfAFileFedDatasetIsRefusedNamingTheFieldAndTheValue() throws IOException {
        assertThat(arrivals.dataReady("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}")).isEmpty();
        assertThatThrownBy(() -> arrivals.dataReady(recorded("someone-elses-bucket")))
                .hasMessage("file arrival: Records[0].s3: s3://someone-elses-bucket/raw/orders/date=2026-11-20/region=eu/_SUCCESS matches"
                        + " dataset 'orders_drop' but lies outside its locations [s3://{bucket}/raw/orders/]");
        assertThatThrownBy(() -> arrivals.dataReady(recorded(NAMES.bucket()).replace("region%3Deu/_SUCCESS", "_SUCCESS")))
                .hasMessage("file arrival: Records[0].s3.object.key: s3://" + NAMES.bucket() + "/raw/orders/date=2026-11-20/_SUCCESS"
                        + " matches no dataset's fileArrival key");
        assertThatThrownBy(() -> arrivals.dataReady(recorded(NAMES.bucket()).replace("ObjectCreated:Put", "ObjectRemoved:Delete")))
                .hasMessage("file arrival: Records[0].eventName: only ObjectCreated events release data, not 'ObjectRemoved:Delete'");
        assertThatThrownBy(() -> arrivals.dataReady("{\"Records\":[]}"))
                .hasMessage("file arrival: Records: an S3 event notification has a non-empty Records array");
    }

    @Test
    void theTrackerReleasesOnAFileArrivalFromTheBucketsTopicAndRefusesOneFromATeamsTopic() throws IOException {
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        var clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(specs, new InMemoryTrackerStore(), published, clock,
                TrackerOptions.DEFAULTS), new EventCodec(), new IngressPolicy(specs, NAMES));

        handler.handle(message(NAMES.fileArrivalsTopic(), recorded(NAMES.bucket())));
        assertThat(published.data(JobReleased.class)).extracting(r -> r.job() + " " + r.partition().key())
                .containsExactly("load_orders " + Partition.of("date", "2026-11-20", "region", "eu").key());
        handler.handle(message(NAMES.fileArrivalsTopic(), recorded(NAMES.bucket()))); // S3 delivers at least once
        assertThat(published.data(JobReleased.class)).hasSize(1);

        // A team's topic carries data-ready events, not S3 notifications: poison, nothing recorded.
        assertThatThrownBy(() -> handler.handle(message(NAMES.ingressTopic("shop"), recorded(NAMES.bucket()))))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> handler.handle(message(NAMES.fileArrivalsTopic(), recorded("someone-elses-bucket"))))
                .isInstanceOf(PoisonMessageException.class).hasMessageContaining("lies outside its locations");
        assertThat(published.data(JobReleased.class)).hasSize(1);
    }

    @Test
    void aNotificationForAPartitionThatHasANewerVersionAlreadyChangesNothing() throws IOException {
        InMemoryEventPublisher published = new InMemoryEventPublisher();
        InMemoryTrackerStore store = new InMemoryTrackerStore();
        var clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
        TrackerHandler handler = new TrackerHandler(new DependencyTracker(specs, store, published, clock, TrackerOptions.DEFAULTS),
                new EventCodec(), new IngressPolicy(specs, NAMES));
        // The marker was uploaded twice; S3 delivers the second upload's notification first, the first one late.
        String first = recorded(NAMES.bucket());
        String second = first.replace("2026-11-20T06:01:02.345Z", "2026-11-20T07:30:00.000Z");
        handler.handle(message(NAMES.fileArrivalsTopic(), second));
        assertThat(published.data(JobReleased.class)).hasSize(1);
        handler.handle(message(NAMES.fileArrivalsTopic(), first));
        assertThat(published.data(JobReleased.class)).hasSize(1);
        assertThat(store.versionsOf("orders_drop")).singleElement()
                .satisfies(v -> assertThat(v.version()).isEqualTo(Instant.parse("2026-11-20T07:30:00Z").toEpochMilli()));
    }

    static InboundMessage message(String topic, String body) {
        return new InboundMessage("m-1", "rh", TrackerHandlerTest.notification(topic, body), Map.of(), 1,
                QueueRef.fromUrl("http://127.0.0.1/000000000000/tracker"), Instant.parse("2026-11-20T12:00:00Z"));
    }
}
