package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sluice local-stack}: starts the emulators, provisions a spec directory's topology, prints the settings. */
class LocalAwsStackMainIT {

    @Test
    void localStackStartsProvisionsAndPrintsItsSettings() {
        CommandRun run = CommandRun.of("--specs", CommandRun.SAMPLE_SPECS, "--env", "lsit", "--duration", "PT1S");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("export AWS_ENDPOINT_URL_SQS=http://127.0.0.1:", "export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:",
                "export SLUICE_ENV=lsit");
    }
}
