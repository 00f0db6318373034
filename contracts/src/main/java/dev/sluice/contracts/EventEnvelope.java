package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An event: a CloudEvents 1.0 envelope (JSON structured mode) around a body.
 *
 * @param specVersion   {@code specversion}, always {@value #SPEC_VERSION}
 * @param id            unique id of the event
 * @param source        who published it, a URI reference
 * @param type          the event type; must match {@code data}
 * @param subject       what the event is about, e.g. {@code orders_clean/date=2026-11-20}
 * @param time          when it happened
 * @param dataSchema    {@code dataschema}: the URI of the type's JSON Schema
 * @param correlationId {@code correlationid}: ties together the events of one flow
 * @param data          the body
 */
public record EventEnvelope<T extends EventData>(
        @JsonProperty("specversion") String specVersion,
        String id,
        String source,
        EventType type,
        @OptionalField String subject,
        Instant time,
        @OptionalField @JsonProperty("dataschema") URI dataSchema,
        @OptionalField @JsonProperty("correlationid") String correlationId,
        T data) {

    public static final String SPEC_VERSION = "1.0";

    public EventEnvelope {
        ensure(SPEC_VERSION.equals(required(specVersion, "specversion")), "specversion must be " + SPEC_VERSION);
        required(id, "id");
        required(source, "source");
        required(type, "type");
        required(time, "time");
        required(data, "data");
        ensure(type.dataClass() == data.getClass(), "type " + type.type() + " does not match data " + data.getClass().getSimpleName());
    }

    /** A new event with a random id, the current time, and the type and dataschema of {@code data}. */
    public static <T extends EventData> EventEnvelope<T> of(String source, String subject, String correlationId, T data) {
        EventType type = required(data, "data").eventType();
        return new EventEnvelope<>(SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), type.dataSchema(), correlationId, data);
    }
}
