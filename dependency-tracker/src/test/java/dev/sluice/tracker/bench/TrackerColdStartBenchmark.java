package dev.sluice.tracker.bench;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.JobReleased;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.EmbeddedAwsStack;
import dev.sluice.localstack.ServiceArtifacts;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.TestTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Cold start of the tracker from its package alone (a main class, not a test): each run starts a fresh JVM from the
 * unzipped {@code target/dependency-tracker-lambda.zip} in container mode, with two data-ready events already waiting
 * on its queue, and measures process start → the first {@code job-released} on the transform queue, and the process's
 * peak RSS ({@code VmHWM}) at that moment. Needs {@code ./mvnw -pl dependency-tracker -am package -DskipTests} first.
 */
public final class TrackerColdStartBenchmark {
    private TrackerColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path zip = Path.of(args.length > 1 ? args[1] : "target/dependency-tracker-lambda.zip");
        Path work = Files.createTempDirectory("tracker-cold-start");
        Path unzipped = ServiceArtifacts.unzip(zip, work.resolve("task"));
        Path specs = Path.of(TrackerColdStartBenchmark.class.getResource("/specs/tracker").toURI());
        List<long[]> results = new ArrayList<>();
        try (AwsStack stack = EmbeddedAwsStack.start()) {
            for (int run = 1; run <= runs; run++) {
                String env = "cold" + run;
                TestTopology.provision(stack.clients(), TestTopology.fixtureSpecs(), env);
                Map<String, String> settings = new HashMap<>(stack.settings());
                settings.put(ServiceSettings.ENV, env);
                settings.put(ServiceSettings.SPECS_DIR, specs.toString());
                settings.put("SLUICE_POLLER_POLL_TIMEOUT", "1s");
                settings.put("SLUICE_LOG_FORMAT", "text");
                try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("bench-publisher", settings), Clock.systemUTC())) {
                    SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), "treasury")
                            .publish(Destination.DATA_READY, dataReady("fx", date("2026-11-19"), 1));
                    SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), "shop")
                            .publish(Destination.DATA_READY, dataReady("orders", date("2026-11-20"), 1));
                    String transform = context.resources().queueUrl(QueueRole.TRANSFORM);
                    long start = System.nanoTime();
                    Process tracker = ServiceArtifacts.start(unzipped, "dev.sluice.tracker.TrackerService", settings,
                            work.resolve("tracker-" + run + ".log"));
                    try {
                        long firstRelease = -1;
                        while (firstRelease < 0 && System.nanoTime() - start < 120_000_000_000L) {
                            for (Message m : stack.clients().sqs().receiveMessage(b -> b.queueUrl(transform).waitTimeSeconds(1)
                                    .maxNumberOfMessages(10)).messages()) {
                                new EventCodec().decode(m.body(), JobReleased.class);
                                firstRelease = System.nanoTime();
                            }
                        }
                        long rssKib = peakRssKib(tracker.pid());
                        results.add(new long[] {(firstRelease - start) / 1_000_000, rssKib});
                        System.out.printf("run %d: process start -> first job-released %,d ms, peak RSS %,d MiB%n", run,
                                (firstRelease - start) / 1_000_000, rssKib / 1024);
                    } finally {
                        tracker.destroy();
                        tracker.waitFor();
                    }
                }
            }
        }
        long[] ms = results.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] rss = results.stream().mapToLong(r -> r[1]).sorted().toArray();
        System.out.printf("tracker cold start over %d runs: min %,d ms, median %,d ms, max %,d ms; peak RSS median %,d MiB%n",
                ms.length, ms[0], ms[ms.length / 2], ms[ms.length - 1], rss[rss.length / 2] / 1024);
    }

    private static long peakRssKib(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
