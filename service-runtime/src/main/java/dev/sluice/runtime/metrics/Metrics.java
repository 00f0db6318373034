package dev.sluice.runtime.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Emits metrics as CloudWatch Embedded Metric Format (EMF) log lines: one JSON object per line, written to standard
 * output. In Lambda, CloudWatch Logs extracts the metrics from the function's log group by itself; in a container, the
 * CloudWatch agent (or the awslogs driver with EMF parsing, or Fluent Bit) does. No client library and no API call:
 * a failed emit never fails the work.
 *
 * <pre>{@code
 * {"_aws":{"Timestamp":1764000000000,"CloudWatchMetrics":[{"Namespace":"Sluice",
 *   "Dimensions":[["Environment","Service","Stage"],["Environment","Service","Stage","Job"]],
 *   "Metrics":[{"Name":"StageDuration","Unit":"Milliseconds"}]}]},
 *  "Environment":"prod","Service":"transformer","Stage":"transform","Job":"build_order_facts","StageDuration":1234,
 *  "runId":"20261121T101500-1a2b3c4d"}
 * }</pre>
 *
 * The metrics Sluice emits are named in {@link #STAGE_DURATION} and the constants after it (docs/operations.md,
 * "Metrics").
 */
public final class Metrics {
    /** The CloudWatch namespace of every Sluice metric. */
    public static final String NAMESPACE = "Sluice";

    /** How long a stage attempt ran, claim to outcome (ms); dimensions Stage, Job. */
    public static final String STAGE_DURATION = "StageDuration";
    /** Rows a succeeded stage read. */
    public static final String ROWS_IN = "RowsIn";
    /** Rows a succeeded stage wrote. */
    public static final String ROWS_OUT = "RowsOut";
    /** Failed stage attempts (retried or final); dimensions Stage, ErrorClass. */
    public static final String STAGE_FAILURES = "StageFailures";
    /** From the data-ready that completed a job partition's inputs to its release (ms); dimension Job. */
    public static final String RELEASE_LATENCY = "ReleaseLatency";
    /** How long a message waited in its queue before this receive (ms); dimension Queue. */
    public static final String QUEUE_WAIT = "QueueWait";

    public static final String ENVIRONMENT = "Environment";
    public static final String SERVICE = "Service";

    /** A CloudWatch unit. */
    public enum Unit {
        MILLISECONDS("Milliseconds"), COUNT("Count");

        private final String wire;

        Unit(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** One value of a metric. */
    public record Value(String name, double value, Unit unit) {
        public Value {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
        }

        public static Value millis(String name, long value) {
            return new Value(name, value, Unit.MILLISECONDS);
        }

        public static Value count(String name, long value) {
            return new Value(name, value, Unit.COUNT);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Consumer<String> sink;
    private final Clock clock;
    private final Map<String, String> common;

    /**
     * @param sink   where each EMF line goes
     * @param common the dimensions of every metric, e.g. Environment and Service, in order
     */
    public Metrics(Consumer<String> sink, Clock clock, Map<String, String> common) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.common = new LinkedHashMap<>(Objects.requireNonNull(common, "common"));
    }

    /** Metrics of {@code service} in environment {@code env}, to standard output. */
    public static Metrics standardOutput(String env, String service) {
        PrintStream out = System.out;
        Map<String, String> common = new LinkedHashMap<>();
        common.put(ENVIRONMENT, env);
        common.put(SERVICE, service);
        return new Metrics(line -> {
            synchronized (out) {
                out.println(line);
            }
        }, Clock.systemUTC(), common);
    }

    /**
     * Emits {@code values} with the common dimensions plus {@code dimensions} (in order). Each dimension set is the
     * common dimensions, then one more of {@code dimensions} at a time, so that an alarm can watch a metric across jobs
     * as well as for one job. {@code properties} are written along (searchable in the logs, not dimensions), e.g. the
     * runId.
     */
    public void emit(Map<String, String> dimensions, Map<String, String> properties, List<Value> values) {
        if (values.isEmpty()) {
            return;
        }
        try {
            sink.accept(line(dimensions, properties, values));
        } catch (RuntimeException e) {
            // Metrics never fail the work.
        }
    }

    /** The EMF line of {@link #emit}. */
    String line(Map<String, String> dimensions, Map<String, String> properties, List<Value> values) {
        Map<String, String> dims = new LinkedHashMap<>(common);
        dimensions.forEach((k, v) -> dims.put(k, v == null ? "" : v));
        List<List<String>> sets = new ArrayList<>();
        List<String> names = new ArrayList<>(common.keySet());
        for (String name : dimensions.keySet()) {
            names.add(name);
            if (names.size() > common.size()) {
                sets.add(List.copyOf(names));
            }
        }
        if (sets.isEmpty()) {
            sets.add(List.copyOf(names));
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", clock.millis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            for (List<String> set : sets) {
                g.writeStartArray();
                for (String name : set) {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Value v : values) {
                g.writeStartObject();
                g.writeStringField("Name", v.name());
                g.writeStringField("Unit", v.unit().wire());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Map.Entry<String, String> d : dims.entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            for (Map.Entry<String, String> p : properties.entrySet()) {
                if (p.getValue() != null && !dims.containsKey(p.getKey())) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
            }
            for (Value v : values) {
                if (v.value() == Math.rint(v.value())) {
                    g.writeNumberField(v.name(), (long) v.value());
                } else {
                    g.writeNumberField(v.name(), v.value());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
