package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's command line: what each option sets, and a clear refusal naming the option and the value. */
class SamplePipelineMainTest {
    @Test
    void theDefaultsAndEachOption() {
        assertThat(SamplePipelineMain.Options.parse()).isEqualTo(
                new SamplePipelineMain.Options(Path.of("examples/sample-pipeline/specs"), false, 1, null, false, 8321));
        assertThat(SamplePipelineMain.Options.parse("my/specs", "--processes", "--replicas", "2", "--faults", "7", "--console", "--port", "0"))
                .isEqualTo(new SamplePipelineMain.Options(Path.of("my/specs"), true, 2, 7L, true, 0));
        assertThat(SamplePipelineMain.Options.parse("--console").port()).isEqualTo(8321);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> SamplePipelineMain.Options.parse("--port", "9000"))
                .hasMessage("--port is the console's: it needs --console");
        assertThatThrownBy(() -> SamplePipelineMain.Options.parse("--console", "--port", "http"))
                .hasMessage("--port must be a port number in 0..65535 (0: any free port), not 'http'");
        assertThatThrownBy(() -> SamplePipelineMain.Options.parse("--console", "--port", "70000"))
                .hasMessage("--port must be a port number in 0..65535 (0: any free port), not '70000'");
        assertThatThrownBy(() -> SamplePipelineMain.Options.parse("--replicas", "2"))
                .hasMessage("--replicas and --faults need --processes (services as separate processes)");
        assertThatThrownBy(() -> SamplePipelineMain.Options.parse("--consol"))
                .hasMessage("unknown option '--consol'");
    }
}
