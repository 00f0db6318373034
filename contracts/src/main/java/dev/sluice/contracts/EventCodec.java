package dev.sluice.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Encodes events to JSON and decodes them back, validating against the type's JSON Schema.
 * Thread-safe; make one and reuse it.
 *
 * <p>Decoding ignores unknown fields, so that events can evolve additively, and rejects anything else that is
 * wrong with an {@link InvalidEventException} that lists every violation by JSON path.
 */
public final class EventCodec {

    /** The largest event, in UTF-8 bytes: the SNS and SQS message limit (256 KiB). */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * The event as JSON.
     *
     * @throws InvalidEventException if the event breaks its schema (e.g. a bad name or URI)
     * @throws IllegalArgumentException if it is larger than {@link #MAX_EVENT_BYTES}
     */
    public String encode(EventEnvelope<?> event) {
        JsonNode tree = mapper.valueToTree(event);
        String json = tree.toString();
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("event is " + size + " bytes, over the limit of " + MAX_EVENT_BYTES
                    + "; events carry pointers to data, never the data");
        }
        List<Violation> violations = JsonSchemas.validate(event.type(), tree);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        return json;
    }

    /** The event in {@code json}, of whatever type it has. */
    public EventEnvelope<?> decode(String json) {
        return decode(json, Optional.empty());
    }

    /** The event in {@code json}, which must be of the type whose body is {@code expected}. */
    @SuppressWarnings("unchecked")
    public <T extends EventData> EventEnvelope<T> decode(String json, Class<T> expected) {
        return (EventEnvelope<T>) decode(json, Optional.of(EventType.of(expected)));
    }

    private EventEnvelope<?> decode(String json, Optional<EventType> expected) {
        JsonNode tree = parse(json);
        EventType type = typeOf(tree);
        if (expected.isPresent() && expected.get() != type) {
            throw new InvalidEventException(new Violation("$.type", "expected " + expected.get().type(),
                    JsonSchemas.shorten(tree.get("type"))));
        }
        checkDataSchema(type, tree);
        List<Violation> violations = JsonSchemas.validate(type, tree);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        JavaType javaType = mapper.getTypeFactory().constructParametricType(EventEnvelope.class, type.dataClass());
        try {
            return mapper.treeToValue(tree, javaType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException(bindingViolation(e));
        }
    }

    private JsonNode parse(String json) {
        if (json == null) {
            throw new InvalidEventException(new Violation("$", "no event", null));
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EVENT_BYTES) {
            throw new InvalidEventException(new Violation("$", "event is " + size + " bytes, over the limit of "
                    + MAX_EVENT_BYTES, null));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(new Violation("$", "not valid JSON: " + e.getOriginalMessage(),
                    JsonSchemas.shorten(mapper.getNodeFactory().textNode(json))));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException(new Violation("$", "must be a JSON object", JsonSchemas.shorten(tree)));
        }
        return tree;
    }

    /**
     * An event written against another schema than the one this codec knows for its type is refused, naming
     * {@code dataschema} and its value: a type's {@code $id} stays the same through additive changes (unknown fields are
     * ignored), and a breaking change gets a new {@code $id} (a new major version), which an older consumer must not
     * guess at. An event without {@code dataschema} is read against the known schema.
     */
    private static void checkDataSchema(EventType type, JsonNode tree) {
        JsonNode schema = tree.get("dataschema");
        if (schema == null || schema.isNull()) {
            return;
        }
        if (!schema.isTextual() || !schema.asText().equals(type.dataSchema().toString())) {
            throw new InvalidEventException(new Violation("$.dataschema", "is not a schema this consumer knows for "
                    + type.type() + "; expected " + type.dataSchema() + " (a new major version needs an upgraded consumer)",
                    JsonSchemas.shorten(schema)));
        }
    }

    private static EventType typeOf(JsonNode tree) {
        JsonNode type = tree.get("type");
        if (type == null) {
            throw new InvalidEventException(new Violation("$.type", "is required", null));
        }
        return Optional.of(type).filter(JsonNode::isTextual).flatMap(t -> EventType.fromType(t.asText()))
                .orElseThrow(() -> new InvalidEventException(new Violation("$.type", "unknown event type; known: "
                        + Arrays.stream(EventType.values()).map(EventType::type).toList(), JsonSchemas.shorten(type))));
    }

    /** A violation for a failure to bind to the records, which the schema let through (e.g. a record invariant). */
    private static Violation bindingViolation(Exception e) {
        StringBuilder path = new StringBuilder("$");
        String message = e.getMessage();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            message = m.getCause() != null ? m.getCause().getMessage() : m.getOriginalMessage();
        }
        return new Violation(path.toString(), message, null);
    }
}
