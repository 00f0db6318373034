package dev.sluice.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.SluiceCli;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.ReleaseRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
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
    static final SampleData DATA = SampleData.recent(42L, 8, 4_000, 600);
    static final LocalDate OUTAGE = DATA.day(2);

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

            // 4. The triggers. Each day's orders arrived as a file: the marker's notification is the data-ready (its
            //    folder the location, the event time the version); S3 delivering it again changes nothing.
            String bucket = pipeline.upstream().resources().bucket();
            Map<String, DatasetVersion> drops = new java.util.TreeMap<>();
            pipeline.versionsOf("orders_drop").forEach(v -> drops.put(v.partition().dimensions().get("date"), v));
            assertThat(drops.keySet()).containsExactlyElementsOf(DATA.dates().stream().map(LocalDate::toString).toList());
            drops.forEach((date, v) -> {
                assertThat(v.location()).hasToString("s3://" + bucket + "/raw/orders/date=" + date + "/");
                assertThat(v.version()).isGreaterThan(1_700_000_000_000L);
            });
            LocalDate first = DATA.day(0);
            pipeline.fileDrops().publish(pipeline.orderMarkers().get(first));
            //    and the rollups waited for the business day's close: the morning_close tick of the next day, published
            //    by the tracker's clock (version 1, the tick's date), not by anyone through a topic.
            List<DatasetVersion> ticks = pipeline.versionsOf("morning_close");
            for (int d = 6; d < DATA.days(); d++) {
                LocalDate nextDay = DATA.day(d + 1);
                String next = nextDay.toString();
                assertThat(ticks).as("tick " + next).anySatisfy(t -> {
                    assertThat(t.partition().dimensions().get("date")).isEqualTo(next);
                    assertThat(t.version()).isEqualTo(1);
                    assertThat(t.location()).hasToString("schedule://morning_close/" + nextDay.atTime(6, 0)
                            .atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant());
                });
            }
            assertThat(pipeline.releasesOf(SamplePipeline.ROLLUP)).filteredOn(r -> r.state() == ReleaseRecord.State.PUBLISHED)
                    .extracting(r -> r.partition().dimensions().get("date"))
                    .containsExactlyInAnyOrder(DATA.day(6).toString(), DATA.day(7).toString());
            // The repeated notification is taken (the tracker's queue empties) and released nothing again.
            awaitDepth(platform, pipeline.upstream().resources().queueUrl(QueueRole.TRACKER), 0, Duration.ofSeconds(30), true);
            assertThat(pipeline.releasesOf("extract_orders")).allSatisfy(r -> assertThat(r.generation()).isEqualTo(1));
            assertThat(pipeline.runsOf("extract_orders")).hasSize(DATA.days());
        }
    }

    private static int inFlight(LocalPlatform platform, String url) {
        return Integer.parseInt(platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static int depth(LocalPlatform platform, String url) {
        return Integer.parseInt(platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static void awaitDepth(LocalPlatform platform, String url, int depth, Duration timeout) throws InterruptedException {
        awaitDepth(platform, url, depth, timeout, false);
    }

    private static void awaitDepth(LocalPlatform platform, String url, int depth, Duration timeout, boolean atMost) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int now = depth(platform, url) + (atMost ? inFlight(platform, url) : 0);
            if (atMost ? now <= depth : now >= depth) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the DLQ " + url + " did not reach " + depth + " message(s) within " + timeout);
    }

}
