package dev.sluice.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void setsTheFieldsForTheBlockAndRestoresThePreviousValues() {
        MDC.put("job", "outer-job");

        try (LogContext ignored = LogContext.open().runId("r1").correlationId("c1").job("inner-job").partition("p1")) {
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of(
                    "runId", "r1", "correlationId", "c1", "job", "inner-job", "partition", "p1"));
            try (LogContext nested = LogContext.open().runId("r2").job(null)) {
                assertThat(MDC.get("runId")).isEqualTo("r2");
                assertThat(MDC.get("job")).isNull();
            }
            assertThat(MDC.get("runId")).isEqualTo("r1");
            assertThat(MDC.get("job")).isEqualTo("inner-job");
        }

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("job", "outer-job"));
    }
}
