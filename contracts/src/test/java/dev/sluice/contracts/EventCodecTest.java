package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void rejectsNonJsonAtTheRoot() {
        assertViolations(() -> codec.decode("not json"), "$");
        assertViolations(() -> codec.decode("{\"type\": \"sluice.alert\""), "$");
        assertViolations(() -> codec.decode("{} {}"), "$");
        assertViolations(() -> codec.decode("[1, 2]"), "$");
        assertViolations(() -> codec.decode(""), "$");
    }

    @Test
    void rejectsAMissingOrUnknownTypeNamingTheValue() {
        assertThatThrownBy(() -> codec.decode("{\"id\": \"1\"}"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("$.type", "is required", null)));
        assertThatThrownBy(() -> codec.decode(withField(EventType.DATA_READY, "type", "sluice.data-gone")))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path, Violation::value).containsExactly(tuple("$.type", "\"sluice.data-gone\"")))
                .hasMessageContaining("$.type").hasMessageContaining("sluice.data-gone").hasMessageContaining("sluice.data-ready");
        assertViolations(() -> codec.decode("{\"type\": 7}"), "$.type");
    }

    @Test
    void rejectsAnotherTypeThanExpected() {
        assertThatThrownBy(() -> codec.decode(Samples.text(EventType.ALERT), DataReady.class))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("$.type", "expected sluice.data-ready", "\"sluice.alert\"")));
    }

    @Test
    void listsEveryViolationWithPathAndValue() {
        ObjectNode event = Samples.tree(EventType.JOB_RELEASED);
        ObjectNode data = (ObjectNode) event.get("data");
        ((ObjectNode) data.get("inputs").get(0)).put("version", "abc");
        data.remove("job");
        data.put("firstStage", "Load");
        event.put("time", "yesterday");

        assertThatThrownBy(() -> codec.decode(event.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path, Violation::value)
                        .containsExactlyInAnyOrder(
                                tuple("$.data.inputs[0].version", "\"abc\""),
                                tuple("$.data.job", null),
                                tuple("$.data.firstStage", "\"Load\""),
                                tuple("$.time", "\"yesterday\"")))
                .hasMessageContaining("$.data.inputs[0].version: ").hasMessageContaining("(value: \"abc\")")
                .hasMessageContaining("$.data.job: is required")
                .hasMessageContaining("$.time: ");
    }

    @Test
    void dataReadyNeedsALocationOrAManifest() {
        ObjectNode event = Samples.tree(EventType.DATA_READY);
        ObjectNode data = (ObjectNode) event.get("data");
        data.remove("manifest");
        assertThat(codec.decode(event.toString()).data()).isInstanceOf(DataReady.class);
        data.remove("location");
        data.put("manifest", "s3://bucket/m.json");
        assertThat(codec.decode(event.toString()).data()).isInstanceOf(DataReady.class);
        data.remove("manifest");

        assertThatThrownBy(() -> codec.decode(event.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("$.data", "requires one of: location, manifest", null)));
    }

    @Test
    void aProducerNeedsATeamOrAJob() {
        ObjectNode event = Samples.tree(EventType.DATA_READY);
        ((ObjectNode) event.get("data")).putObject("producer").put("runId", "r1");
        assertThatThrownBy(() -> codec.decode(event.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("$.data.producer", "requires one of: team, job", null)));
    }

    @Test
    void anAlertCarriesTheDetailsOfItsKind() {
        ObjectNode event = Samples.tree(EventType.ALERT);
        ((ObjectNode) event.get("data")).put("kind", "late-input");
        assertViolations(() -> codec.decode(event.toString()), "$.data.missingInputs");
        ((ObjectNode) event.get("data")).put("kind", "schema-drift");
        assertViolations(() -> codec.decode(event.toString()), "$.data.differences");
        ((ObjectNode) event.get("data")).put("kind", "failure");
        assertThat(codec.decode(event.toString()).data()).isInstanceOf(Alert.class);
    }

    @Test
    void acceptsRfc3339TimesWithAnOffset() {
        EventEnvelope<?> event = codec.decode(withField(EventType.JOB_FAILED, "time", "2026-11-21T03:25:44.5+01:00"));
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-21T02:25:44.5Z"));
    }

    @Test
    void ofFillsTheEnvelopeAndEncodesValidJson() {
        JobFailed failed = new JobFailed("run-1", "daily_revenue", Partition.of("date", "2026-11-20"), 1,
                Stage.LOAD, "java.io.IOException", "disk full");
        EventEnvelope<JobFailed> event = EventEnvelope.of("sluice/loader-service", "daily_revenue/date=2026-11-20", "run-1", failed);

        assertThat(event.specVersion()).isEqualTo("1.0");
        assertThat(event.id()).hasSize(36);
        assertThat(event.type()).isEqualTo(EventType.JOB_FAILED);
        assertThat(event.dataSchema()).isEqualTo(URI.create("https://schemas.sluice.dev/events/job-failed.schema.json"));
        assertThat(event.time()).isBetween(Instant.now().minusSeconds(5), Instant.now());

        String json = codec.encode(event);
        assertThat(JsonSchemas.validate(EventType.JOB_FAILED, Samples.parse(json))).isEmpty();
        assertThat(codec.decode(json, JobFailed.class)).isEqualTo(event);
    }

    @Test
    void encodeRejectsWhatTheSchemaRejects() {
        JobFailed failed = new JobFailed("run-1", "Daily Revenue", Partition.NONE, 1, Stage.LOAD, "E", "m");
        assertViolations(() -> codec.encode(EventEnvelope.of("s", null, null, failed)), "$.data.job");
    }

    @Test
    void optionalFieldsAndEmptyOptionalListsAreLeftOut() {
        Alert alert = new Alert(Alert.Kind.FAILURE, Alert.Severity.ERROR, "daily_revenue", Partition.NONE, null, null,
                "it broke", null, null, null);
        ObjectNode data = (ObjectNode) Samples.parse(codec.encode(EventEnvelope.of("s", null, null, alert))).get("data");
        assertThat(data.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("kind", "severity", "job", "partition", "message");
    }

    @Test
    void eventsOver256KiBAreRefused() {
        String huge = "x".repeat(EventCodec.MAX_EVENT_BYTES);
        JobFailed failed = new JobFailed("run-1", "j", Partition.NONE, 1, Stage.LOAD, "E", "m");
        EventEnvelope<JobFailed> event = EventEnvelope.of("s", huge, null, failed);
        assertThatThrownBy(() -> codec.encode(event)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pointers");
        assertViolations(() -> codec.decode("{\"subject\": \"" + huge + "\"}"), "$");
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<EventType>> results = IntStream.range(0, 200)
                    .mapToObj(i -> EventType.values()[i % EventType.values().length])
                    .map(type -> pool.submit(() -> codec.decode(codec.encode(codec.decode(Samples.text(type)))).type()))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(EventType.values()[i % EventType.values().length]);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String withField(EventType type, String field, String value) {
        ObjectNode event = Samples.tree(type);
        event.put(field, value);
        return event.toString();
    }

    private static void assertViolations(ThrowingCallable call, String... paths) {
        Consumer<InvalidEventException> check = e -> assertThat(e.violations()).extracting(Violation::path).containsExactly(paths);
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidEventException.class, check);
    }
}
