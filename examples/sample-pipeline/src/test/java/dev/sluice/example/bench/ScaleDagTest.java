package dev.sluice.example.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.PipelineSpecs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale benchmark's generated DAG: valid for the real validator, with the depth, fan-in and mappings asked for. */
class ScaleDagTest {
    @Test
    void theGenerated700JobsValidateWithDepthFanInAndMappings(@TempDir Path dir) throws Exception {
        ScaleDag.Generated dag = ScaleDag.generate(700, 17);
        ScaleDag.write(dag, dir);
        PipelineSpecs.CheckResult check = PipelineSpecs.check(dir);
        assertThat(check.errors()).isEmpty();
        PipelineSpecs specs = check.specs().orElseThrow();
        assertThat(specs.jobs()).hasSize(700);
        assertThat(specs.depth()).isGreaterThanOrEqualTo(6).isEqualTo(ScaleDag.LEVELS);
        assertThat(specs.jobs().stream().mapToInt(j -> j.inputs().size()).max().orElseThrow()).isEqualTo(ScaleDag.MAX_FAN_IN);
        long same = dag.count("same");
        long all = dag.jobs().stream().mapToLong(j -> j.inputs().size()).sum();
        assertThat(same).isGreaterThan(all * 8 / 10);
        assertThat(dag.count("offset")).isPositive();
        assertThat(dag.count("window")).isPositive();
        assertThat(dag.count("latest")).isPositive();
        assertThat(dag.count("all")).isPositive().isLessThan(dag.count("offset"));
    }

    @Test
    void theSameSeedGivesTheSameDag() {
        assertThat(ScaleDag.generate(700, 17)).isEqualTo(ScaleDag.generate(700, 17));
        assertThat(ScaleDag.generate(50, 1).jobs()).hasSize(50);
    }
}
