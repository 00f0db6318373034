package dev.sluice.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Embedded Metric Format lines: the shape CloudWatch extracts metrics from. */
class MetricsTest {
    final List<String> lines = new ArrayList<>();
    final Metrics metrics = new Metrics(lines::add, Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC),
            new LinkedHashMap<>(Map.of("Environment", "prod")));

    @Test
    void aStageLineDeclaresItsNamespaceDimensionSetsAndUnitsAndCarriesTheValues() throws Exception {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Stage", "transform");
        dimensions.put("Job", "build_order_facts");

        metrics.emit(dimensions, Map.of("runId", "run-1"), List.of(Metrics.Value.millis(Metrics.STAGE_DURATION, 1234),
                Metrics.Value.count(Metrics.ROWS_IN, 10), Metrics.Value.count(Metrics.ROWS_OUT, 7)));

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).doesNotContain("\n");
        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        JsonNode aws = line.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z").toEpochMilli());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Sluice");
        assertThat(directive.get("Dimensions").toString())
                .isEqualTo("[[\"Environment\",\"Stage\"],[\"Environment\",\"Stage\",\"Job\"]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"StageDuration\",\"Unit\":\"Milliseconds\"},"
                + "{\"Name\":\"RowsIn\",\"Unit\":\"Count\"},{\"Name\":\"RowsOut\",\"Unit\":\"Count\"}]");
        // Every dimension and every metric named in the directive is a top-level member of the line.
        assertThat(line.get("Environment").asText()).isEqualTo("prod");
        assertThat(line.get("Stage").asText()).isEqualTo("transform");
        assertThat(line.get("Job").asText()).isEqualTo("build_order_facts");
        assertThat(line.get("StageDuration").asLong()).isEqualTo(1234);
        assertThat(line.get("RowsIn").asLong()).isEqualTo(10);
        assertThat(line.get("RowsOut").asLong()).isEqualTo(7);
        assertThat(line.get("runId").asText()).isEqualTo("run-1");
    }

    @Test
    void aFailureIsCountedByErrorClassAndAPropertyNeverOverwritesADimension() throws Exception {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Stage", "load");
        dimensions.put("ErrorClass", "schema-drift");

        metrics.emit(dimensions, Map.of("Stage", "not me", "Job", "j"), List.of(Metrics.Value.count(Metrics.STAGE_FAILURES, 1)));

        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        assertThat(line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[\"Environment\",\"Stage\"],[\"Environment\",\"Stage\",\"ErrorClass\"]]");
        assertThat(line.get("ErrorClass").asText()).isEqualTo("schema-drift");
        assertThat(line.get("Stage").asText()).isEqualTo("load");
        assertThat(line.get("StageFailures").asLong()).isEqualTo(1);
    }

    @Test
    void aSinkThatFailsNeverFailsTheWorkAndNothingIsEmittedWithoutValues() {
        Metrics broken = new Metrics(line -> { throw new IllegalStateException("stdout closed"); }, Clock.systemUTC(), Map.of());
        broken.emit(Map.of("Queue", "q"), Map.of(), List.of(Metrics.Value.millis(Metrics.QUEUE_WAIT, 5)));
        metrics.emit(Map.of("Queue", "q"), Map.of(), List.of());
        assertThat(lines).isEmpty();
    }
}
