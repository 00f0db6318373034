package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.settings.SettingsDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploySettingsTest {

    @Test
    void defaults() {
        DeploySettings s = DeploySettings.defaults("prod");
        assertThat(s.architecture()).isEqualTo("arm64");
        assertThat(s.smallMemoryMb()).isEqualTo(3008);
        assertThat(s.ephemeralStorageMb()).isEqualTo(512);
        assertThat(s.stageSnapStart()).isTrue();
        assertThat(s.visibilityTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.stageBatchSize()).isEqualTo(1);
        assertThat(s.trackerBatchSize()).isEqualTo(10);
        assertThat(s.secretsPrefix()).isEqualTo("sluice/prod/");
        assertThat(s.logRetentionDays()).isEqualTo(30);
        assertThat(s.teamPublishers()).isEmpty();
    }

    @Test
    void explicitValues() {
        DeploySettings s = DeploySettings.from(Map.of("architecture", "x86_64", "lambda.ephemeralStorageMb", "2048",
                "stage.maxConcurrency", "20", "stage.reservedConcurrency", "20", "logs.retentionDays", "90",
                "secrets.prefix", "team/prod/", "teams.shop.publisher", "arn:aws:iam::123456789012:role/shop"), "prod");
        assertThat(s.architecture()).isEqualTo("x86_64");
        assertThat(s.stageSnapStart()).as("SnapStart allows 512 MB of /tmp at most").isFalse();
        assertThat(s.smallMaxInput()).isEqualTo("640MiB");
        assertThat(s.stageMaxConcurrency()).isEqualTo(20);
        assertThat(s.logRetentionDays()).isEqualTo(90);
        assertThat(s.secretsPrefix()).isEqualTo("team/prod/");
        assertThat(s.teamPublishers()).containsExactly(Map.entry("shop", "arn:aws:iam::123456789012:role/shop"));
    }

    @Test
    void badValuesAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> DeploySettings.from(Map.of("architecture", "sparc"), "dev"))
                .hasMessage("architecture: must be text matching x86_64|arm64, got 'sparc'");
        assertThatThrownBy(() -> DeploySettings.from(Map.of("logs.retentionDays", "31"), "dev"))
                .hasMessageStartingWith("logs.retentionDays: must be a CloudWatch Logs retention").hasMessageEndingWith("got '31'");
        assertThatThrownBy(() -> DeploySettings.from(Map.of("lambda.stageTimeout", "15m", "queue.visibilityTimeout", "2m"), "dev"))
                .hasMessageStartingWith("queue.visibilityTimeout: must be at least the longest function timeout (15m)")
                .hasMessageEndingWith("got '2m'");
        assertThatThrownBy(() -> DeploySettings.from(Map.of("stage.maxConcurrency", "50"), "dev"))
                .hasMessage("stage.reservedConcurrency: must be between 2 and 1000, got '10 (below stage.maxConcurrency 50)'");
        assertThatThrownBy(() -> DeploySettings.from(Map.of("teams.shop.publisher", "arn:aws:iam::123456789012:root"), "dev"))
                .hasMessage("teams.shop.publisher: must be an IAM role ARN, got 'arn:aws:iam::123456789012:root'");
        assertThatThrownBy(() -> DeploySettings.from(Map.of("lambda.memory", "2048"), "dev"))
                .hasMessageStartingWith("unknown setting 'lambda.memory'; known: [architecture,");
    }

    @Test
    void aSettingsFileIsAFlatMapAndItsErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prod.yaml");
        Files.writeString(file, "architecture: x86_64\nstage.batchSize: 2\n");
        assertThat(DeploySettings.load(file, "prod").stageBatchSize()).isEqualTo(2);
        Files.writeString(file, "stage:\n  batchSize: 2\n");
        assertThatThrownBy(() -> DeploySettings.load(file, "prod"))
                .hasMessage(file + ": stage: expected a single value (the file is a flat map), got {batchSize=2}");
        Files.writeString(file, "stage.batchSize: 11\n");
        assertThatThrownBy(() -> DeploySettings.load(file, "prod"))
                .hasMessage(file + ": stage.batchSize: must be between 1 and 10, got '11'");
        assertThat(DeploySettings.load(Synth.DEV_SETTINGS, "dev").teamPublishers()).hasSize(4);
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() throws IOException {
        String doc = Files.readString(Synth.ROOT.resolve("docs/deploy.md"));
        assertThat(SettingsDoc.undocumented(doc, DeploySettings.DEFINITIONS)).isEmpty();
    }
}
