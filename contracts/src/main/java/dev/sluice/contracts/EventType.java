package dev.sluice.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/** The event types: wire name ({@code type}), body record class, and JSON Schema. */
public enum EventType {
    DATA_READY("sluice.data-ready", DataReady.class),
    JOB_RELEASED("sluice.job-released", JobReleased.class),
    STAGE_COMPLETED("sluice.stage-completed", StageCompleted.class),
    STAGE_FAILED("sluice.stage-failed", StageFailed.class),
    JOB_SUCCEEDED("sluice.job-succeeded", JobSucceeded.class),
    JOB_FAILED("sluice.job-failed", JobFailed.class),
    ALERT("sluice.alert", Alert.class);

    private static final String PREFIX = "sluice.";

    private final String type;
    private final Class<? extends EventData> dataClass;

    EventType(String type, Class<? extends EventData> dataClass) {
        this.type = type;
        this.dataClass = dataClass;
    }

    /** The wire name, the envelope's {@code type}, e.g. {@code sluice.data-ready}. */
    @JsonValue
    public String type() {
        return type;
    }

    /** The record class of the body. */
    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The wire name without the {@code sluice.} prefix, e.g. {@code data-ready}. */
    public String shortName() {
        return type.substring(PREFIX.length());
    }

    /** The schema's file name, in {@code contracts/schemas/} and in the jar: {@code data-ready.schema.json}. */
    public String schemaFile() {
        return shortName() + ".schema.json";
    }

    /** The schema's {@code $id}, also the envelope's {@code dataschema}. */
    public URI dataSchema() {
        return URI.create(JsonSchemas.BASE_URI + schemaFile());
    }

    /** The type with this wire name, if any. */
    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    @JsonCreator
    static EventType parse(String type) {
        return fromType(type).orElseThrow(() -> new IllegalArgumentException("unknown event type: " + type));
    }

    /** The type whose body is {@code dataClass}. */
    public static EventType of(Class<? extends EventData> dataClass) {
        for (EventType t : values()) {
            if (t.dataClass == dataClass) {
                return t;
            }
        }
        throw new IllegalArgumentException("no event type for " + dataClass.getName());
    }
}
