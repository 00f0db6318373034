package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TraceParentTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void oneRunIsOneTraceWhateverPublishesItsEvents() {
        String trace = TraceParent.traceIdOf("20261121T101500-1a2b3c4d");
        assertThat(trace).matches("[0-9a-f]{32}").isEqualTo(TraceParent.traceIdOf("20261121T101500-1a2b3c4d"))
                .isNotEqualTo(TraceParent.traceIdOf("20261121T101500-ffffffff"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySampleEventIsPublishedWithAValidTraceparent(EventType type) {
        EventEnvelope<?> event = codec.decode(Samples.text(type));
        Map<String, String> attributes = MessageAttributes.published(event, Map.of("sizeClass", "small"));
        String header = attributes.get(MessageAttributes.TRACEPARENT);
        assertThat(header).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.parse(header)).map(TraceParent::header).contains(header);
        String key = TraceParent.runIdOf(event.data()).orElse(event.correlationId());
        assertThat(TraceParent.parse(header).orElseThrow().traceId()).isEqualTo(TraceParent.traceIdOf(key));
        // The routing attributes are unchanged; the trace comes last.
        assertThat(attributes).containsAllEntriesOf(MessageAttributes.of(event)).containsEntry("sizeClass", "small");
    }

    @Test
    void aMalformedHeaderIsIgnoredAndABadIdIsRefusedNamingTheField() {
        assertThat(TraceParent.parse(null)).isEmpty();
        assertThat(TraceParent.parse("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .contains(new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
        assertThatThrownBy(() -> new TraceParent("XYZ", "b7ad6b7169203331")).hasMessageContaining("traceId").hasMessageContaining("'XYZ'");
        assertThatThrownBy(() -> new TraceParent("0af7651916cd43dd8448eb211c80319c", "0000000000000000"))
                .hasMessageContaining("parentId").hasMessageContaining("'0000000000000000'");
    }
}
