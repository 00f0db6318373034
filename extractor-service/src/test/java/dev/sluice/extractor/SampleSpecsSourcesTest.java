package dev.sluice.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every extract source of the sample pipeline passes its plug-in's validation. */
class SampleSpecsSourcesTest {

    @TempDir
    Path dir;

    @Test
    void theSamplePipelinesSourcesAreValid() {
        Path specs = Path.of("..", "examples", "sample-pipeline", "specs");
        assertThat(Files.isDirectory(specs)).isTrue();
        PipelineSpecs pipeline = PipelineSpecs.load(specs);
        SourceContext context = TestSources.context(Map.of(
                "SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:5432/crm",
                "SLUICE_JDBC_WAREHOUSE_USER", "sluice",
                "SLUICE_JDBC_WAREHOUSE_PASSWORD_REF", "env:WAREHOUSE_PASSWORD",
                "SLUICE_HTTP_SHIPMENTS_URL", "http://127.0.0.1:8080",
                "SLUICE_HTTP_SHIPMENTS_ALLOW_INSECURE", "true"), null, dir);
        List<JobSpec> extracting = pipeline.jobs().stream().filter(j -> j.extractStage().isPresent()).toList();
        assertThat(extracting).extracting(j -> j.extractStage().orElseThrow().source().type())
                .containsExactlyInAnyOrder("s3", "jdbc", "http");
        for (JobSpec job : extracting) {
            SourceRegistry.load().create(job.extractStage().orElseThrow().source(), context);
        }
    }
}
