package dev.sluice.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JSON Schemas (draft 2020-12) of the events, read from the classpath.
 *
 * <p>Each schema's {@code $id} is {@value #BASE_URI} + its file name, and the type schemas {@code $ref}
 * {@value #ENVELOPE_FILE} by a relative URI. Those URIs are not fetched: every URI under {@value #BASE_URI}
 * is served from the classpath directory {@value #RESOURCE_DIR}. The same files are in {@code contracts/schemas/}.
 */
public final class JsonSchemas {

    /** The base of every schema's {@code $id}. */
    public static final String BASE_URI = "https://schemas.sluice.dev/events/";
    /** Where the schema files are on the classpath. */
    public static final String RESOURCE_DIR = "dev/sluice/contracts/schemas/";
    /** The schema of the envelope, with the definitions the type schemas share. */
    public static final String ENVELOPE_FILE = "envelope.schema.json";

    private static final int MAX_VALUE_CHARS = 120;
    private static final Pattern ANY_OF_REQUIRED = Pattern.compile("\\.anyOf\\[\\d+]\\.required$");

    private JsonSchemas() {
    }

    /** Every schema file name: the envelope's, then one per event type. */
    public static List<String> files() {
        return Stream.concat(Stream.of(ENVELOPE_FILE), Stream.of(EventType.values()).map(EventType::schemaFile)).toList();
    }

    /** The text of the schema of {@code type}. */
    public static String text(EventType type) {
        return text(type.schemaFile());
    }

    /** The text of a schema file, e.g. {@value #ENVELOPE_FILE}. */
    public static String text(String fileName) {
        try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + RESOURCE_DIR + fileName + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled schema of {@code type}: thread-safe, validates a whole event (envelope and data). */
    public static Schema schema(EventType type) {
        return Compiled.SCHEMAS.get(type);
    }

    /** The violations of {@code event} against the schema of {@code type}; empty if it is valid. */
    public static List<Violation> validate(EventType type, JsonNode event) {
        Map<String, Violation> violations = new LinkedHashMap<>();
        Map<String, Set<String>> alternatives = new HashMap<>();
        for (Error error : schema(type).validate(event)) {
            String at = error.getInstanceLocation().toString();
            String evaluation = error.getEvaluationPath().toString();
            if ("required".equals(error.getKeyword()) && ANY_OF_REQUIRED.matcher(evaluation).find()) {
                // "anyOf": [{"required": ["a"]}, {"required": ["b"]}] fails as one error per branch: report them as one.
                String key = at + " " + evaluation.substring(0, evaluation.lastIndexOf(".anyOf["));
                Set<String> names = alternatives.computeIfAbsent(key, k -> new LinkedHashSet<>());
                names.add(error.getProperty());
                violations.put(key, new Violation(at, "requires one of: " + String.join(", ", names), null));
            } else {
                Violation violation = toViolation(error);
                violations.putIfAbsent(violation.toString(), violation);
            }
        }
        return List.copyOf(violations.values());
    }

    private static Violation toViolation(Error error) {
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            return new Violation(error.getInstanceLocation().append(error.getProperty()).toString(), "is required", null);
        }
        return new Violation(error.getInstanceLocation().toString(), error.getMessage(), shorten(error.getInstanceNode()));
    }

    static String shorten(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        String text = node.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }

    /** Built on first use: the registry maps {@link #BASE_URI} to the classpath, and never fetches remotely. */
    private static final class Compiled {
        static final Map<EventType, Schema> SCHEMAS = compile();

        private static Map<EventType, Schema> compile() {
            SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_PATH)
                    .formatAssertionsEnabled(true)
                    .build();
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                    .schemaRegistryConfig(config)
                    .schemas(iri -> iri.startsWith(BASE_URI) ? text(iri.substring(BASE_URI.length())) : null));
            Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);
            for (EventType type : EventType.values()) {
                Schema schema = registry.getSchema(SchemaLocation.of(type.dataSchema().toString()));
                schema.initializeValidators();
                schemas.put(type, schema);
            }
            return schemas;
        }
    }
}
