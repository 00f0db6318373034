package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract of every event type, checked on its sample file. A new type is covered once it has a sample. */
class EventContractTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleValidatesAgainstItsSchema(EventType type) {
        assertThat(JsonSchemas.validate(type, Samples.tree(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTrips(EventType type) {
        EventEnvelope<?> decoded = codec.decode(Samples.text(type));
        assertThat(decoded.type()).isEqualTo(type);
        assertThat(decoded.data()).isInstanceOf(type.dataClass());
        assertThat(decoded.dataSchema()).isEqualTo(type.dataSchema());

        String encoded = codec.encode(decoded);
        assertThat(codec.decode(encoded)).isEqualTo(decoded);
        assertThat(Samples.parse(encoded)).isEqualTo(Samples.tree(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void decodesToTheExpectedClass(EventType type) {
        EventEnvelope<? extends EventData> event = codec.decode(Samples.text(type), type.dataClass());
        assertThat(event.data()).isInstanceOf(type.dataClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownFieldsAreIgnored(EventType type) {
        ObjectNode tree = Samples.tree(type);
        tree.put("futureattribute", "x");
        ObjectNode data = (ObjectNode) tree.get("data");
        data.put("futureField", 1);
        data.putObject("futureObject").put("nested", true);

        assertThat(codec.decode(tree.toString())).isEqualTo(codec.decode(Samples.text(type)));
    }

    static Stream<Arguments> requiredFields() {
        return Arrays.stream(EventType.values()).flatMap(type -> Stream.concat(
                requiredNames(EventEnvelope.class).filter(n -> !n.equals("type")).map(n -> Arguments.of(type, "$." + n)),
                requiredNames(type.dataClass()).map(n -> Arguments.of(type, "$.data." + n))));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void aMissingRequiredFieldIsRejectedWithItsPath(EventType type, String path) {
        ObjectNode tree = Samples.tree(type);
        String[] parts = path.substring(2).split("\\.");
        ObjectNode parent = parts.length == 1 ? tree : (ObjectNode) tree.get(parts[0]);
        parent.remove(parts[parts.length - 1]);

        assertThatThrownBy(() -> codec.decode(tree.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation(path, "is required", null)))
                .hasMessageContaining(path);
    }

    static Stream<Arguments> dataFields() {
        return Arrays.stream(EventType.values()).flatMap(type -> {
            List<String> names = new ArrayList<>();
            Samples.tree(type).get("data").fieldNames().forEachRemaining(names::add);
            return names.stream().map(name -> Arguments.of(type, name));
        });
    }

    @ParameterizedTest(name = "{0} with ill-typed {1}")
    @MethodSource("dataFields")
    void anIllTypedFieldIsRejectedWithItsPath(EventType type, String field) {
        ObjectNode tree = Samples.tree(type);
        ObjectNode data = (ObjectNode) tree.get("data");
        JsonNode wrong = data.get(field).isTextual() ? IntNode.valueOf(12345) : TextNode.valueOf("abc");
        data.set(field, wrong);

        assertThatThrownBy(() -> codec.decode(tree.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .isNotEmpty()
                        .allSatisfy(v -> {
                            assertThat(v.path()).isEqualTo("$.data." + field);
                            assertThat(v.value()).isEqualTo(wrong.toString());
                        }))
                .hasMessageContaining("$.data." + field)
                .hasMessageContaining(wrong.toString());
    }

    private static Stream<String> requiredNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .filter(c -> !c.isAnnotationPresent(OptionalField.class))
                .map(ContractAgreementTest::jsonName);
    }
}
