package dev.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyDeriverTest {
    final Topology topology = new TopologyDeriver().derive(
            PipelineSpecs.load(SpecValidationTest.fixture("valid")), TopologyOptions.defaults("dev"));

    @Test
    void everyQueueHasADeadLetterQueueAndOneNamingScheme() {
        assertThat(topology.queues()).extracting(Topology.Queue::name).containsExactly(
                "dev-sluice-tracker", "dev-sluice-extract", "dev-sluice-transform", "dev-sluice-transform-large",
                "dev-sluice-load", "dev-sluice-alerts");
        assertThat(topology.queues()).allSatisfy(q -> {
            assertThat(q.deadLetterQueue()).isEqualTo(q.name() + "-dlq");
            assertThat(q.maxReceiveCount()).isEqualTo(5);
        });
        assertThat(topology.topics()).extracting(Topology.Topic::name)
                .containsExactly("dev-sluice-data-ready", "dev-sluice-pipeline-events", "dev-sluice-ingress-finance",
                        "dev-sluice-ingress-reference", "dev-sluice-ingress-upstream");
        assertThat(topology.buckets()).containsExactly("dev-sluice-data");
    }

    @Test
    void subscriptionsFilterOnTheRoutingAttributes() {
        Map<String, Map<String, List<String>>> filters = new java.util.HashMap<>();
        topology.subscriptions().stream().filter(s -> !s.queue().equals("dev-sluice-tracker"))
                .forEach(s -> filters.put(s.queue(), s.filterPolicy()));
        // The tracker takes each dataset only from the topic of whoever may publish it, with SNS's envelope (the topic).
        Map<String, Map<String, List<String>>> tracker = new java.util.HashMap<>();
        topology.subscriptions().stream().filter(s -> s.queue().equals("dev-sluice-tracker")).forEach(s -> {
            assertThat(s.rawDelivery()).as(s.topic()).isFalse();
            tracker.put(s.topic(), s.filterPolicy());
        });
        assertThat(tracker).isEqualTo(Map.of(
                "dev-sluice-data-ready", Map.of("dataset", List.of("daily_events")),
                "dev-sluice-ingress-finance", Map.of("dataset", List.of("fx_rates")),
                "dev-sluice-ingress-reference", Map.of("dataset", List.of("countries")),
                "dev-sluice-ingress-upstream", Map.of("dataset", List.of("raw_events"))));
        assertThat(topology.subscriptions()).filteredOn(s -> !s.queue().equals("dev-sluice-tracker"))
                .allSatisfy(s -> assertThat(s.rawDelivery()).isTrue());
        assertThat(filters.get("dev-sluice-transform")).isEqualTo(Map.of("stage", List.of("transform"), "sizeClass", List.of("small")));
        assertThat(filters.get("dev-sluice-transform-large")).isEqualTo(Map.of("stage", List.of("transform"), "sizeClass", List.of("large")));
        assertThat(filters.get("dev-sluice-load")).isEqualTo(Map.of("stage", List.of("load")));
        assertThat(filters.get("dev-sluice-alerts")).isEqualTo(Map.of("type", List.of("sluice.alert")));
    }

    @Test
    void tablesHaveTheIndexesOpsNeed() {
        assertThat(topology.table(TableRole.RELEASES).hashKey()).isEqualTo("job");
        assertThat(topology.table(TableRole.RELEASES).rangeKey()).isEqualTo("partitionKey");
        assertThat(topology.table(TableRole.RELEASES).indexes()).extracting(Topology.Index::name).containsExactly("waiting", "publishing");
        assertThat(topology.table(TableRole.RUNS).indexes()).extracting(Topology.Index::name).containsExactly("by-job");
        assertThat(topology.queue(QueueRole.LOAD).name()).isEqualTo("dev-sluice-load");
    }

    @Test
    void badOptionsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> TopologyOptions.defaults("Dev_1"))
                .hasMessage("environment name 'Dev_1' must match [a-z][a-z0-9-]{0,19}");
        assertThatThrownBy(() -> new TopologyOptions("dev", 0, 30, 60))
                .hasMessage("maxReceiveCount must be 1..1000, not 0");
    }

    @Test
    void fileFedDatasetsGetTheFileArrivalsTopicItsTrackerSubscriptionAndTheirBucketFilters() {
        Topology files = new TopologyDeriver().derive(PipelineSpecs.load(SpecValidationTest.fixture("file-arrivals")),
                TopologyOptions.defaults("dev"));
        // Only consumed datasets are wired; the filter is the key template's fixed beginning and end.
        assertThat(files.arrivals()).containsExactly(
                new Topology.FileArrival("orders_drop", "dev-sluice-data", "raw/orders/date=", "/_SUCCESS", "dev-sluice-file-arrivals"),
                new Topology.FileArrival("regional_drop", "dev-sluice-data", "raw/regional/", "/manifest.json", "dev-sluice-file-arrivals"));
        assertThat(files.topics()).extracting(Topology.Topic::name).contains("dev-sluice-file-arrivals");
        // S3 sets no message attributes: no filter; SNS's envelope kept, so the tracker knows the topic.
        assertThat(files.subscriptions()).filteredOn(s -> s.topic().equals("dev-sluice-file-arrivals"))
                .containsExactly(new Topology.Subscription("dev-sluice-file-arrivals", "dev-sluice-tracker", Map.of(), false));
        assertThat(topology.arrivals()).isEmpty();
        assertThat(topology.topics()).extracting(Topology.Topic::name).doesNotContain("dev-sluice-file-arrivals");
    }

    @Test
    void consumedClocksAreScheduled() {
        Topology sample = new TopologyDeriver().derive(PipelineSpecs.load(java.nio.file.Path.of("../examples/sample-pipeline/specs")),
                TopologyOptions.defaults("dev"));
        assertThat(sample.schedules()).containsExactly(new Topology.Schedule("morning_close", "0 6 * * *", "Europe/Berlin"));
        assertThat(topology.schedules()).isEmpty();
    }
}
