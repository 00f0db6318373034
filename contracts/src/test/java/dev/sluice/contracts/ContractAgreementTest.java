package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records and schemas agree: for every event type, recursively through nested records, the record components
 * are the schema's properties, the components without {@link OptionalField} are the schema's {@code required},
 * enums have the same values, and leaf types match. Follows {@code $ref} and {@code allOf} across files.
 */
class ContractAgreementTest {

    private final Map<String, JsonNode> files = new HashMap<>();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordsAndSchemaAgree(EventType type) {
        agree(EventEnvelope.class, new Node(type.schemaFile(), file(type.schemaFile())), type.type(), type);
    }

    private void agree(Class<?> record, Node schema, String where, EventType type) {
        Map<String, RecordComponent> components = Arrays.stream(record.getRecordComponents())
                .collect(Collectors.toMap(ContractAgreementTest::jsonName, c -> c, (a, b) -> a, LinkedHashMap::new));
        Map<String, Node> properties = properties(schema);
        assertThat(properties.keySet()).as("properties of %s vs components of %s", where, record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components.keySet());
        Set<String> required = components.entrySet().stream()
                .filter(e -> !e.getValue().isAnnotationPresent(OptionalField.class))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(required(schema)).as("required of %s vs non-@OptionalField components of %s", where, record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(required);
        components.forEach((name, c) -> agreeType(c.getGenericType(), properties.get(name), where + "." + name, type));
    }

    private void agreeType(Type javaType, Node schema, String where, EventType type) {
        Class<?> raw = javaType instanceof TypeVariable<?> ? type.dataClass() // EventEnvelope's T data
                : javaType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) javaType;
        Optional<JsonNode> constant = find(schema, "const");
        if (raw.isEnum()) {
            Set<String> wire = Arrays.stream(raw.getEnumConstants())
                    .map(e -> Samples.JSON.convertValue(e, String.class)).collect(Collectors.toCollection(TreeSet::new));
            if (constant.isPresent()) {
                assertThat(wire).as(where).contains(constant.get().asText());
            } else {
                Set<String> values = new TreeSet<>();
                find(schema, "enum").orElseThrow().forEach(v -> values.add(v.asText()));
                assertThat(values).as("enum of %s", where).isEqualTo(wire);
            }
            return;
        }
        String jsonType = constant.map(c -> c.getNodeType().name().toLowerCase())
                .orElseGet(() -> find(schema, "type").map(JsonNode::asText).orElse("?"));
        if (raw == java.util.List.class) {
            assertThat(jsonType).as(where).isEqualTo("array");
            Type item = ((ParameterizedType) javaType).getActualTypeArguments()[0];
            agreeType(item, follow(schema, "items"), where + "[]", type);
        } else if (raw == Partition.class) {
            assertThat(jsonType).as(where).isEqualTo("object");
            assertThat(find(schema, "additionalProperties")).as(where).isPresent();
        } else if (raw.isRecord()) {
            assertThat(jsonType).as(where).isEqualTo("object");
            agree(raw, schema, where, type);
        } else {
            assertThat(jsonType).as(where).isEqualTo(leafType(raw));
            if (raw == URI.class) {
                assertThat(find(schema, "format").map(JsonNode::asText)).as(where).contains("uri");
            } else if (raw == Instant.class) {
                assertThat(find(schema, "format").map(JsonNode::asText)).as(where).contains("date-time");
            }
        }
    }

    private static String leafType(Class<?> raw) {
        if (raw == String.class || raw == URI.class || raw == Instant.class) {
            return "string";
        } else if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return "integer";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        } else if (raw == Map.class) {
            return "object";
        }
        throw new AssertionError("no JSON type known for " + raw);
    }

    static String jsonName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    // --- A small view of the schemas: a node in a file, following $ref and allOf. ---

    private record Node(String file, JsonNode schema) {
    }

    private JsonNode file(String name) {
        return files.computeIfAbsent(name, n -> Samples.parse(JsonSchemas.text(n)));
    }

    private Optional<Node> ref(Node node) {
        JsonNode ref = node.schema().get("$ref");
        if (ref == null) {
            return Optional.empty();
        }
        String[] parts = ref.asText().split("#", 2);
        String fileName = parts[0].isEmpty() ? node.file() : parts[0];
        JsonNode target = file(fileName).at(parts.length > 1 ? parts[1] : "");
        assertThat(target.isMissingNode()).as("$ref %s from %s", ref.asText(), node.file()).isFalse();
        return Optional.of(new Node(fileName, target));
    }

    /** A keyword's value, here or through $ref. */
    private Optional<JsonNode> find(Node node, String keyword) {
        JsonNode value = node.schema().get(keyword);
        return value != null ? Optional.of(value) : ref(node).flatMap(r -> find(r, keyword));
    }

    /** The sub-schema under a keyword, here or through $ref. */
    private Node follow(Node node, String keyword) {
        JsonNode value = node.schema().get(keyword);
        return value != null ? new Node(node.file(), value) : follow(ref(node).orElseThrow(), keyword);
    }

    /** The properties here, through $ref and allOf; those here win. */
    private Map<String, Node> properties(Node node) {
        Map<String, Node> properties = new LinkedHashMap<>();
        ref(node).ifPresent(r -> properties.putAll(properties(r)));
        node.schema().path("allOf").forEach(s -> properties.putAll(properties(new Node(node.file(), s))));
        node.schema().path("properties").fields()
                .forEachRemaining(e -> properties.put(e.getKey(), new Node(node.file(), e.getValue())));
        return properties;
    }

    /** The required names here, through $ref and allOf (not anyOf, if/then: those are conditional). */
    private Set<String> required(Node node) {
        Set<String> required = new TreeSet<>();
        ref(node).ifPresent(r -> required.addAll(required(r)));
        node.schema().path("allOf").forEach(s -> required.addAll(required(new Node(node.file(), s))));
        node.schema().path("required").forEach(n -> required.add(n.asText()));
        return required;
    }
}
