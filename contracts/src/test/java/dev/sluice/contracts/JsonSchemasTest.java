package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemasTest {

    static List<String> files() {
        return JsonSchemas.files();
    }

    @ParameterizedTest
    @MethodSource("files")
    void eachFileIsAValidDraft202012SchemaWithItsId(String file) {
        JsonNode schema = Samples.parse(JsonSchemas.text(file));
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(JsonSchemas.BASE_URI + file);
        var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(schema)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("files")
    void noSchemaForbidsUnknownProperties(String file) {
        List<String> closed = new ArrayList<>();
        walk(Samples.parse(JsonSchemas.text(file)), "#", closed);
        assertThat(closed).as("additionalProperties/unevaluatedProperties false in %s", file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("files")
    void theJarCopyIsTheFileInContractsSchemas(String file) throws Exception {
        Path source = Path.of("schemas", file); // the module directory when run by Maven
        if (Files.exists(source)) {
            assertThat(JsonSchemas.text(file)).isEqualTo(Files.readString(source));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eachTypeSchemaPinsItsType(EventType type) {
        JsonNode schema = Samples.parse(JsonSchemas.text(type));
        assertThat(schema.at("/properties/type/const").asText()).isEqualTo(type.type());
        assertThat(schema.path("title").asText()).isEqualTo(type.type());
        assertThat(schema.path("$ref").asText()).isEqualTo(JsonSchemas.ENVELOPE_FILE);
    }

    @Test
    void schemasAreServedFromTheClasspathNotTheNetwork() {
        // schemas.sluice.dev need not exist: compiling every schema (and its $refs) works offline
        for (EventType type : EventType.values()) {
            assertThat(JsonSchemas.schema(type)).isNotNull();
        }
    }

    private static void walk(JsonNode node, String at, List<String> closed) {
        if (node.isObject()) {
            for (String keyword : List.of("additionalProperties", "unevaluatedProperties")) {
                if (node.path(keyword).isBoolean() && !node.path(keyword).asBoolean()) {
                    closed.add(at + "/" + keyword);
                }
            }
            node.properties().forEach(e -> walk(e.getValue(), at + "/" + e.getKey(), closed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, closed);
            }
        }
    }
}
