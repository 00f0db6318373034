package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageAttributesTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventHasItsTypeAndADatasetOrJob(EventType type) {
        var attributes = MessageAttributes.of(codec.decode(Samples.text(type)));
        assertThat(attributes).containsEntry("type", type.type());
        assertThat(attributes).containsKey(type == EventType.DATA_READY ? "dataset" : "job");
    }

    @Test
    void routeByDatasetJobAndStage() {
        assertThat(attributes(EventType.DATA_READY))
                .containsExactly(entry("type", "sluice.data-ready"), entry("dataset", "orders_raw"));
        assertThat(attributes(EventType.JOB_RELEASED))
                .containsExactly(entry("type", "sluice.job-released"), entry("job", "daily_revenue"), entry("stage", "transform"));
        assertThat(attributes(EventType.STAGE_COMPLETED)).containsEntry("stage", "load");
        assertThat(attributes(EventType.STAGE_FAILED)).containsEntry("failedStage", "load").doesNotContainKey("stage");
        assertThat(attributes(EventType.JOB_FAILED)).containsEntry("failedStage", "load").doesNotContainKey("stage");
        assertThat(attributes(EventType.JOB_SUCCEEDED)).doesNotContainKey("stage");
    }

    private java.util.Map<String, String> attributes(EventType type) {
        return MessageAttributes.of(codec.decode(Samples.text(type)));
    }
}
