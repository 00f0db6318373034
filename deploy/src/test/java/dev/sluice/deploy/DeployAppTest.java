package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's refusals: each names the option and the value, and writes nothing. */
class DeployAppTest {
    @TempDir
    Path dir;

    private String refused(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DeployApp.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isNotZero();
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsAreRefusedAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("out");
        String specs = Synth.SAMPLE_SPECS.toString();
        assertThat(refused("deploy")).contains("unknown command 'deploy'").contains("usage: sluice deploy synth");
        assertThat(refused("synth", "--env", "dev", "--out", out.toString())).contains("--specs DIR is required");
        assertThat(refused("synth", "--specs", specs, "--env", "Prod_1", "--out", out.toString()))
                .contains("environment name 'Prod_1' must match [a-z][a-z0-9-]{0,19}");
        assertThat(refused("synth", "--specs", dir.resolve("nope").toString(), "--env", "dev", "--out", out.toString()))
                .contains("--specs: no such directory: " + dir.resolve("nope"));
        assertThat(refused("synth", "--specs", specs, "--env", "dev", "--settings", dir.resolve("x.yaml").toString(), "--out", out.toString()))
                .contains("--settings: no such file: " + dir.resolve("x.yaml"));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "stage.batchSize: 0\n");
        assertThat(refused("synth", "--specs", specs, "--env", "dev", "--settings", bad.toString(), "--out", out.toString()))
                .contains(bad + ": stage.batchSize: must be between 1 and 10, got '0'");
        assertThat(out).doesNotExist();
    }

    @Test
    void localArtifactsNeedEveryZip() {
        Path out = dir.resolve("out");
        Path emptyRoot = dir.resolve("repo");
        DeployApp.Request request = new DeployApp.Request(Synth.SAMPLE_SPECS, "dev", Synth.DEV_SETTINGS, out, true, emptyRoot);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeployApp.synth(request))
                .hasMessageStartingWith("--local-artifacts: these Lambda zips do not exist: [dependency-tracker/target/dependency-tracker-lambda.zip,")
                .hasMessageContaining("package -DskipTests");
        assertThat(out).doesNotExist();
    }
}
