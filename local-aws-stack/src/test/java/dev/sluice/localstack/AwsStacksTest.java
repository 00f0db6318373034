package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsStacksTest {

    @Test
    void theStackKindComesFromTheSystemProperty() {
        String previous = System.getProperty(AwsStacks.STACK_PROPERTY);
        try {
            System.setProperty(AwsStacks.STACK_PROPERTY, "LocalStack");
            assertThat(AwsStacks.selectedKind()).isEqualTo(AwsStacks.Kind.LOCALSTACK);
            System.setProperty(AwsStacks.STACK_PROPERTY, "embedded");
            assertThat(AwsStacks.selectedKind()).isEqualTo(AwsStacks.Kind.EMBEDDED);
            System.setProperty(AwsStacks.STACK_PROPERTY, "docker");
            assertThatThrownBy(AwsStacks::selectedKind)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SLUICE_STACK")
                    .hasMessageContaining("docker");
        } finally {
            if (previous == null) {
                System.clearProperty(AwsStacks.STACK_PROPERTY);
            } else {
                System.setProperty(AwsStacks.STACK_PROPERTY, previous);
            }
        }
    }

    @Test
    void theFauxqsLauncherIsFoundFromAnyFolderOfTheRepository(@TempDir Path repository) throws IOException {
        Path launcherDir = Files.createDirectories(repository.resolve("local-aws-stack/fauxqs"));
        Files.writeString(launcherDir.resolve("server.mjs"), "// launcher");
        Path otherModule = Files.createDirectories(repository.resolve("loader-service/src/test"));

        assertThat(FauxqsInstallation.findInRepository(repository)).contains(launcherDir);
        assertThat(FauxqsInstallation.findInRepository(otherModule)).contains(launcherDir);
        assertThat(FauxqsInstallation.findInRepository(repository.resolve("local-aws-stack"))).contains(launcherDir);
    }

    @Test
    void theSqliteNativeFileNameMatchesTheMavenArtifact() {
        Sqlite4javaNatives.Platform platform = Sqlite4javaNatives.Platform.current();
        assertThat(platform.fileName("1.0.392"))
                .startsWith(platform.artifactId() + "-1.0.392.")
                .endsWith("." + platform.extension());
    }
}
