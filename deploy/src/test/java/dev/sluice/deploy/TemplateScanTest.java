package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesized templates (the sample, and the sample with a {@code large} job, which adds the VPC and the Fargate
 * workers) pass {@code cfn-lint} and {@code checkov} with no finding; each checkov suppression is a
 * {@code Metadata.checkov.skip} entry with its reason, written in {@link SluiceStack}. Without a tool, the test is
 * skipped, except under CI ({@code CI} set), where it fails, unless {@code SLUICE_SKIP_<TOOL>} says why the tool could
 * not be installed (.ci/run sets it when the package registry cannot be reached).
 */
class TemplateScanTest {
    @TempDir
    static Path dir;

    static List<Path> templates = new ArrayList<>();

    @BeforeAll
    static void synth() throws IOException {
        templates.add(Synth.synth(Synth.SAMPLE_SPECS, Synth.DEV_SETTINGS, dir.resolve("sample")).template());
        Path specs = dir.resolve("large-specs");
        try (Stream<Path> files = Files.walk(Synth.SAMPLE_SPECS)) {
            for (Path p : files.toList()) {
                Path to = specs.resolve(Synth.SAMPLE_SPECS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path analytics = specs.resolve("analytics.yaml");
        Files.writeString(analytics, Files.readString(analytics).replace("  - name: rollup_weekly_revenue\n    owner: analytics\n",
                "  - name: rollup_weekly_revenue\n    owner: analytics\n    sizeClass: large\n"));
        templates.add(Synth.synth(specs, Synth.DEV_SETTINGS, dir.resolve("large")).template());
    }

    @Test
    void cfnLintFindsNothing() throws Exception {
        requireTool("cfn-lint");
        for (Path template : templates) {
            Run run = run(List.of("cfn-lint", "--format", "parseable", template.toString()));
            assertThat(run.output()).as("cfn-lint " + template).isEmpty();
            assertThat(run.status()).as("cfn-lint exit status").isZero();
        }
    }

    @Test
    void checkovFindsNothingBeyondTheExplainedSkips() throws Exception {
        requireTool("checkov");
        for (Path template : templates) {
            Run run = run(List.of("checkov", "--quiet", "--compact", "--framework", "cloudformation", "-f", template.toString()));
            assertThat(run.status()).as("checkov on " + template + ":\n" + run.output()).isZero();
        }
    }

    private static void requireTool(String tool) throws Exception {
        boolean present = run(List.of("sh", "-c", "command -v " + tool)).status() == 0;
        if (present) {
            return;
        }
        String why = System.getenv("SLUICE_SKIP_" + tool.toUpperCase().replace('-', '_'));
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (ci && (why == null || why.isBlank())) {
            fail(tool + " is not installed, and CI is set: .ci/run installs it (pip install cfn-lint==1.58.0 checkov==3.3.30)");
        }
        assumeTrue(false, tool + " is not installed" + (why == null ? "" : ": " + why));
    }

    record Run(int status, String output) {
    }

    private static Run run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " did not finish in 5 minutes");
        }
        return new Run(process.exitValue(), output);
    }
}
