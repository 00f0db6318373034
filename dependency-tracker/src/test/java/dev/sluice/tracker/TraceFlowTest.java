package dev.sluice.tracker;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.contracts.TraceParent;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.runtime.logging.LogContext;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.metrics.Metrics;
import dev.sluice.runtime.stage.InMemoryReleaseLedger;
import dev.sluice.runtime.stage.InMemoryRunStore;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.runtime.stage.StageWorker;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.store.InMemoryTrackerStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * One trace per run: the traceparent of the tracker's job-released survives through the stages to the loader's
 * data-ready, and the tracker and the stages emit their metrics as EMF lines.
 */
class TraceFlowTest {
    static final PipelineSpecs SPECS = TestTopology.fixtureSpecs();
    static final Partition D = date("2026-11-20");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    final EventCodec codec = new EventCodec();
    final InMemoryEventPublisher published = new InMemoryEventPublisher();
    final InMemoryRunStore runs = new InMemoryRunStore();
    final List<String> emf = new ArrayList<>();
    final Metrics metrics = new Metrics(emf::add, clock, Map.of("Environment", "local"));
    final List<String> tracesSeenByWorkers = new ArrayList<>();

    InboundMessage received(InMemoryEventPublisher.Published p, String queue) {
        return new InboundMessage("m-" + p.event().id(), "rh", codec.encode(p.event()), p.attributes(), 1,
                QueueRef.fromUrl("http://127.0.0.1/000000000000/" + queue), clock.instant().minusMillis(250));
    }

    static String traceOf(InMemoryEventPublisher.Published p) {
        return TraceParent.parse(p.attributes().get(MessageAttributes.TRACEPARENT)).orElseThrow().traceId();
    }

    StageRunner runner(Stage stage, InMemoryReleaseLedger ledger, Function<StageWork, StageOutput> body) {
        StageWorker worker = new StageWorker() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public StageOutput run(StageWork work) {
                tracesSeenByWorkers.add(MDC.get(LogContext.TRACE_ID));
                return body.apply(work);
            }
        };
        return new StageRunner(worker, SPECS, runs, ledger, published, codec, clock, Duration.ofMinutes(5), metrics);
    }

    @Test
    void theRunsTraceSurvivesTrackerToStagesToTheLoadersDataReady() throws Exception {
        TopologyNames names = new TopologyNames("local");
        TrackerHandler tracker = new TrackerHandler(new DependencyTracker(SPECS, new InMemoryTrackerStore(), published, clock,
                TrackerOptions.DEFAULTS), codec, new IngressPolicy(SPECS, names), metrics);
        var ready = dataReady("fx", D, 1);
        String envelope = new ObjectMapper().writeValueAsString(Map.of("Type", "Notification", "MessageId", "sns-1",
                "TopicArn", "arn:aws:sns:us-east-1:000000000000:" + names.ingressTopic("treasury"), "Message", codec.encode(ready)));
        tracker.handle(new InboundMessage("m-0", "rh", envelope, Map.of(), 1, QueueRef.fromUrl("http://127.0.0.1/000000000000/local-sluice-tracker"),
                clock.instant().minusMillis(100)));

        InMemoryEventPublisher.Published release = published.published().stream().filter(p -> p.event().data() instanceof JobReleased).findFirst().orElseThrow();
        JobReleased released = (JobReleased) release.event().data();
        String trace = TraceParent.traceIdOf(released.runId());
        assertThat(traceOf(release)).isEqualTo(trace);

        InMemoryReleaseLedger ledger = new InMemoryReleaseLedger().record(released);
        StagedOutput staged = new StagedOutput("pinned", URI.create("s3://b/staging/pin/" + D.key() + "/transform/"),
                List.of(URI.create("s3://b/staging/pin/" + D.key() + "/transform/part-0.parquet")), 3, 300, Events.SCHEMA);
        runner(released.firstStage(), ledger, w -> StageOutput.of(List.of(staged), 5)).handle(received(release, "local-sluice-transform"));
        InMemoryEventPublisher.Published completed = published.published().stream().filter(p -> p.event().data() instanceof StageCompleted).findFirst().orElseThrow();
        assertThat(((StageCompleted) completed.event().data()).nextStage()).isEqualTo(Stage.LOAD);

        DataReady output = new DataReady("pinned", D, 1, null, URI.create("s3://b/datasets/pinned/" + D.key() + "/_manifest.json"), "parquet",
                Events.SCHEMA, 3L, 300L, Producer.job("pin", released.runId()));
        runner(Stage.LOAD, ledger, w -> new StageOutput(List.of(), 3, List.of(output), List.of())).handle(received(completed, "local-sluice-load"));

        List<InMemoryEventPublisher.Published> ofTheRun = published.published().subList(published.published().indexOf(release), published.published().size());
        assertThat(ofTheRun).extracting(p -> p.event().type().type())
                .containsExactly("sluice.job-released", "sluice.stage-completed", "sluice.data-ready", "sluice.job-succeeded");
        assertThat(ofTheRun).allSatisfy(p -> assertThat(traceOf(p)).as(p.event().type().type()).isEqualTo(trace));
        assertThat(ofTheRun).extracting(p -> p.attributes().get(MessageAttributes.TRACEPARENT)).doesNotHaveDuplicates();
        assertThat(tracesSeenByWorkers).as("the log lines of the stages carry the trace id").containsExactly(trace, trace);

        // The upstream data-ready had its own trace (its correlation id); the run starts a new one.
        assertThat(trace).isNotEqualTo(TraceParent.traceIdOf(ready.correlationId()));

        ObjectMapper json = new ObjectMapper();
        List<String> metricNames = new ArrayList<>();
        for (String line : emf) {
            json.readTree(line).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(m -> metricNames.add(m.get("Name").asText()));
        }
        assertThat(metricNames).contains(Metrics.QUEUE_WAIT, Metrics.RELEASE_LATENCY, Metrics.STAGE_DURATION, Metrics.ROWS_IN, Metrics.ROWS_OUT);
        assertThat(emf).filteredOn(l -> l.contains("\"ReleaseLatency\"")).singleElement().asString()
                .contains("\"Job\":\"pin\"", "\"runId\":\"" + released.runId() + "\"");
    }

    @Test
    void aFailedStageIsCountedByItsErrorClass() throws Exception {
        JobReleased released = new JobReleased("run-f", "pin", D, 1, List.of(), "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64),
                JobReleased.Reason.ALL_INPUTS_READY, List.of(), Stage.TRANSFORM);
        published.publish(dev.sluice.runtime.events.Destination.PIPELINE_EVENTS,
                dev.sluice.contracts.EventEnvelope.of("test", "pin/" + D.key(), "c", released));
        StageRunner failing = runner(Stage.TRANSFORM, new InMemoryReleaseLedger().record(released), w -> {
            throw new dev.sluice.contracts.ClassifiedException(dev.sluice.contracts.ErrorClass.INVALID_SPEC, "bad sql");
        });
        failing.handle(received(published.published().getFirst(), "local-sluice-transform"));

        String line = emf.stream().filter(l -> l.contains("\"StageFailures\"")).findFirst().orElseThrow();
        assertThat(new ObjectMapper().readTree(line).get("ErrorClass").asText()).isEqualTo("InvalidSpec");
    }
}
