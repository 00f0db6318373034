package dev.sluice.tracker.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.ServiceArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker's Lambda deployment package, as {@code package} builds it: within its size budget, runtime jars only,
 * and its handlers load and construct from the package alone in a fresh JVM.
 */
class TrackerLambdaArtifactIT {
    static final Path ZIP = Path.of("target", "dependency-tracker-lambda.zip");
    /** Lambda allows 250 MB unzipped; the tracker (no DuckDB) stays far below. */
    static final long BUDGET = 40L * 1024 * 1024;

    @Test
    void theZipIsWithinItsBudgetAndHoldsOnlyRuntimeJarsUnderLib() {
        assertThat(ZIP).as("built by ./mvnw package").exists();
        long unzipped = ServiceArtifacts.unzippedBytes(ZIP);
        System.out.printf("%s: %,d bytes zipped, %,d unzipped%n", ZIP.getFileName(), size(ZIP), unzipped);
        assertThat(unzipped).isLessThan(BUDGET);

        List<String> entries = ServiceArtifacts.entries(ZIP);
        assertThat(entries).allSatisfy(e -> assertThat(e).matches("lib/(.+\\.jar)?"));
        assertThat(entries).anySatisfy(e -> assertThat(e).startsWith("lib/dependency-tracker-"))
                .anySatisfy(e -> assertThat(e).startsWith("lib/service-runtime-"))
                .anySatisfy(e -> assertThat(e).startsWith("lib/micronaut-function-aws-"));
        assertThat(entries).noneSatisfy(e -> assertThat(e).containsAnyOf(
                "junit", "DynamoDBLocal", "sqlite4java", "local-aws-stack", "testcontainers", "assertj"));
    }

    @Test
    void theHandlersLoadFromThePackageAloneInAFreshJvm(@TempDir Path dir) {
        Path unzipped = ServiceArtifacts.unzip(ZIP, dir);
        for (String handler : List.of("dev.sluice.tracker.lambda.TrackerFunction",
                "dev.sluice.tracker.lambda.DeadlineSweepFunction")) {
            ServiceArtifacts.Run run = ServiceArtifacts.checkHandler(unzipped, handler, false, Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output())
                    .contains("loaded " + handler + " from file:" + unzipped.resolve("lib").resolve("dependency-tracker-"))
                    .contains("constructed " + handler);
        }
    }

    @Test
    void theDockerfileRunsTheContainerMainFromThesePackages() throws java.io.IOException {
        String main = "dev.sluice.tracker.TrackerService";
        String dockerfile = java.nio.file.Files.readString(Path.of("src", "main", "docker", "Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre").contains("\"/app/lib/*\", \"" + main + "\"]")
                .contains("SLUICE_HEALTH_PORT=8080").contains("STOPSIGNAL SIGTERM");
        for (String name : List.of("dependency-tracker-lambda.zip")) {
            Path zip = Path.of("target", name);
            assertThat(dockerfile).contains("target/" + name);
            String serviceJar = ServiceArtifacts.entries(zip).stream()
                    .filter(e -> e.startsWith("lib/dependency-tracker-")).findFirst().orElseThrow();
            assertThat(ServiceArtifacts.entriesOfNestedJar(zip, serviceJar)).contains(main.replace('.', '/') + ".class");
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
