package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sluice local-stack} without starting anything: help and refusals. */
class LocalAwsStackMainTest {

    @Test
    void helpShowsUsageAndAnExample() {
        CommandRun run = CommandRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: sluice local-stack").contains("Example");
    }

    @Test
    void aMissingSpecDirectoryIsRefusedBeforeAnythingStarts() {
        CommandRun run = CommandRun.of("--specs", "no/such/specs", "--duration", "PT1S");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("no/such/specs");
        assertThat(run.out()).as("no settings printed: no stack was started").isEmpty();
    }

    @Test
    void aBadDurationIsAUsageError() {
        CommandRun run = CommandRun.of("--duration", "an hour");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--duration").contains("an hour");
        assertThat(run.out()).isEmpty();
    }
}
