package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextTest {

    @Test
    void textThatFitsIsUnchangedAndLongerTextIsCutWithAMarker() {
        assertThat(EventText.bounded("short")).isEqualTo("short");
        assertThat(EventText.bounded(null)).isNull();
        String fits = "a".repeat(EventText.MAX_LENGTH);
        assertThat(EventText.bounded(fits)).isSameAs(fits);

        String cut = EventText.bounded("b".repeat(20_000));
        assertThat(cut).hasSize(EventText.MAX_LENGTH).startsWith("bbbb").endsWith("… [truncated: 20000 characters in all]");
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String marker = "… [truncated: 9000 characters in all]";
        int keep = EventText.MAX_LENGTH - marker.length();
        String text = "c".repeat(keep - 1) + "😀" + "d".repeat(9000 - keep - 1);
        String cut = EventText.bounded(text);
        assertThat(cut).endsWith("c" + marker);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - marker.length() - 1))).isFalse();
    }

    @Test
    void failureEventsWithLongMessagesStillMatchTheirSchema() {
        EventCodec codec = new EventCodec();
        Partition p = Partition.of("date", "2026-11-20");
        String huge = "e".repeat(20_000);
        for (EventData data : List.<EventData>of(
                new StageFailed("run-1", "j", p, 1, Stage.TRANSFORM, "SqlError", huge, false, 1),
                new JobFailed("run-1", "j", p, 1, Stage.TRANSFORM, "SqlError", huge),
                Alert.stageFailure("j", p, "run-1", huge))) {
            String body = codec.encode(EventEnvelope.of("test", "j/" + p.key(), "c-1", data));
            assertThat(codec.decode(body).data()).as(data.getClass().getSimpleName()).isNotNull();
        }
    }
}
