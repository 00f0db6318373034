package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.SluiceCli;
import dev.sluice.spec.topology.QueueRole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sample pipeline end to end, smaller, with one failure injected: the shipments API answers 500
 * for one day beyond the retry budget, the work lands in the DLQ, the API is fixed and the work is
 * redriven with the CLI, and the pipeline completes. The outputs are then checked against values
 * computed independently from the generated inputs.
 */
@Tag("e2e")
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class SamplePipelineE2EIT {
    static final String ENV = "e2e";
    static final SampleData DATA = new SampleData(42L, LocalDate.parse("2026-11-01"), 8, 4_000, 600);
    static final LocalDate OUTAGE = LocalDate.parse("2026-11-03");

    @TempDir
    Path work;

    @Test
    void thePipelineRecoversFromAnApiOutageAndProducesTheExpectedOutputs() throws Exception {
        Path specs = Path.of("specs").toAbsolutePath();
        try (LocalPlatform platform = LocalPlatform.start(DATA, work, System.out::println);
             SamplePipeline pipeline = new SamplePipeline(platform, DATA, specs, ENV, System.out::println)) {
            platform.api().failFor(OUTAGE);
            pipeline.start();
            pipeline.publishUpstreamEvents();

            // 1. The outage outlasts the retry budget: the extract work of that day lands in the DLQ.
            String dlq = pipeline.upstream().resources().deadLetterQueueUrl(QueueRole.EXTRACT);
            awaitDepth(platform, dlq, 1, Duration.ofMinutes(4));
            assertThat(pipeline.awaitCompletion(Duration.ofSeconds(1), false)).isFalse();
            assertThat(new PipelineOutputs(platform, pipeline, DATA, work).state("build_order_facts", OUTAGE)).isIn("waiting", "pending");

            // 2. Fix the API, redrive with the CLI (through the standard AWS settings), and the pipeline completes.
            platform.api().recover(OUTAGE);
            Map<String, String> settings = platform.stack().settings();
            settings.forEach(System::setProperty);
            try {
                assertThat(SluiceCli.run("dlq", "redrive", "extract", "--job", "extract_shipments", "--env", ENV)).isZero();
            } finally {
                settings.keySet().forEach(System::clearProperty);
            }
            assertThat(pipeline.awaitCompletion(Duration.ofMinutes(6), false)).as(String.valueOf(pipeline.states())).isTrue();
            assertThat(depth(platform, dlq)).isZero();

            // 3. The outputs hold exactly what the inputs imply.
            new PipelineOutputs(platform, pipeline, DATA, work).assertAllAsExpected();
        }
    }

    private static int depth(LocalPlatform platform, String url) {
        return Integer.parseInt(platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static void awaitDepth(LocalPlatform platform, String url, int depth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (depth(platform, url) >= depth) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the DLQ " + url + " did not reach " + depth + " message(s) within " + timeout);
    }

}
