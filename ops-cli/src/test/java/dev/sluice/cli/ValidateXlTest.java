package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} accepts {@code sizeClass: xl} and warns about DuckDB-only SQL in xl jobs only. */
class ValidateXlTest {

    @Test
    void warnsAboutDuckDbOnlySqlInAnXlJobAndStillPasses(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jobs.yaml"), """
                datasets:
                  - {name: clicks, external: true}
                  - {name: sessions}
                  - {name: sessions_small}
                jobs:
                  - name: build_sessions
                    sizeClass: xl
                    inputs: [{dataset: clicks}]
                    outputs: [{dataset: sessions, sql: sessions.sql}]
                  - name: build_sessions_small
                    inputs: [{dataset: clicks}]
                    outputs: [{dataset: sessions_small, sql: sessions.sql}]
                """);
        Files.writeString(dir.resolve("sessions.sql"), "select user_id, count(*)::bigint as clicks\nfrom clicks\ngroup by all\nqualify 1 = 1 and list_contains([1], 1)\n");

        CliRun run = CliRun.of("validate", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "warning: " + dir.resolve("sessions.sql") + ":1: job build_sessions (sizeClass: xl, runs on Spark SQL): '::' casts",
                "warning: " + dir.resolve("sessions.sql") + ":4: job build_sessions (sizeClass: xl, runs on Spark SQL): DuckDB list_* functions",
                "2 warning(s)", "valid: 2 jobs");
        assertThat(run.out()).doesNotContain("job build_sessions_small");
    }
}
