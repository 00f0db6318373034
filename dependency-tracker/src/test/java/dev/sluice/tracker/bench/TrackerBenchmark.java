package dev.sluice.tracker.bench;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.JobReleased;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.EmbeddedAwsStack;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import dev.sluice.tracker.Events;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.TrackerHandler;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.TrackerOptions;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The tracker measured on the local stack, through real SNS and SQS: events per second with 1 and 4
 * concurrent consumers, release latency (publish of the last input → receipt of job-released on the
 * stage queue) at p50 and p99, and DynamoDB calls per event. Not a test; see docs/benchmarks.md.
 *
 * <p>Workload: 20 upstream datasets, 50 jobs with 4 inputs each (same date), D daily partitions; every
 * dataset partition published once, in random order.
 */
public final class TrackerBenchmark {
    static final int EXTERNAL = 20;
    static final int JOBS = 50;
    static final int FAN_IN = 4;

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double pacedRate = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Path specs = Files.createTempDirectory("tracker-bench");
        writeSpecs(specs);
        try (AwsStack stack = EmbeddedAwsStack.start()) {
            for (int consumers : new int[] {1, 4}) {
                run(stack, specs, consumers, days, 0, "burst");
            }
            // Latency without a backlog: publish at a steady rate below capacity.
            run(stack, specs, 4, Math.max(1, days / 4), pacedRate, "paced");
        }
    }

    static void run(AwsStack stack, Path specDir, int consumers, int days, double eventsPerSecond, String mode) throws Exception {
        String env = "bench" + consumers + mode;
        PipelineSpecs specs = PipelineSpecs.load(specDir);
        var topology = new TopologyDeriver().derive(specs, TopologyOptions.defaults(env));
        new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3()).provision(topology);
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put(ServiceSettings.ENV, env);
        settings.put(ServiceSettings.SPECS_DIR, specDir.toString());
        settings.put("SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", Integer.toString(consumers));
        settings.put("SLUICE_POLLER_POLL_TIMEOUT", "PT1S");
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("dependency-tracker", settings), Clock.systemUTC())) {
            CountingTrackerStore store = new CountingTrackerStore(new DynamoDbTrackerStore(context.aws().dynamoDb(),
                    topology.table(TableRole.DATASET_VERSIONS).name(), topology.table(TableRole.RELEASES).name()));
            DependencyTracker tracker = new DependencyTracker(specs, store, context.publisher(), context.clock(), TrackerOptions.DEFAULTS);

            List<EventEnvelope<DataReady>> events = new ArrayList<>();
            for (int d = 0; d < days; d++) {
                String date = LocalDate.parse("2026-01-01").plusDays(d).toString();
                for (int e = 0; e < EXTERNAL; e++) {
                    events.add(Events.dataReady("ext_" + e, Events.date(date), 1));
                }
            }
            Collections.shuffle(events, new Random(42));
            int expectedReleases = JOBS * days;

            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            try (ContainerService service = new ContainerService(context).consume(QueueRole.TRACKER, new TrackerHandler(tracker, context.codec(), TrackerFactory.ingressPolicy(context))).start()) {
                String transformQueue = context.resources().queueUrl(QueueRole.TRANSFORM);
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                Thread collector = new Thread(() -> collect(stack, transformQueue, specs, publishedAt, latencies, expectedReleases));
                long start = System.nanoTime();
                collector.start();
                long interval = eventsPerSecond > 0 ? (long) (1_000_000_000L / eventsPerSecond) : 0;
                long next = System.nanoTime();
                for (EventEnvelope<DataReady> event : events) {
                    if (interval > 0) {
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    publishedAt.put(event.data().dataset() + "#" + event.data().partition().key(), System.currentTimeMillis());
                    // as its owning team would, to the team's ingress topic
                    String owner = context.specs().findDataset(event.data().dataset()).orElseThrow().owner();
                    dev.sluice.runtime.events.SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), owner)
                            .publish(Destination.DATA_READY, event);
                }
                collector.join(600_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                Collections.sort(latencies);
                System.out.printf("mode=%s consumers=%d events=%d releases=%d/%d wall=%.1fs events/s=%.0f release-latency p50=%dms p99=%dms dynamodb-calls/event=%.1f%n",
                        mode, consumers, events.size(), latencies.size(), expectedReleases, seconds, events.size() / seconds,
                        percentile(latencies, 50), percentile(latencies, 99), store.calls.get() / (double) events.size());
            }
        }
    }

    static void collect(AwsStack stack, String queueUrl, PipelineSpecs specs, Map<String, Long> publishedAt, List<Long> latencies, int expected) {
        EventCodec codec = new EventCodec();
        long deadline = System.currentTimeMillis() + 600_000;
        while (latencies.size() < expected && System.currentTimeMillis() < deadline) {
            List<Message> batch = stack.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            long now = System.currentTimeMillis();
            for (Message m : batch) {
                JobReleased released = codec.decode(m.body(), JobReleased.class).data();
                long lastInput = released.inputs().stream()
                        .mapToLong(i -> publishedAt.getOrDefault(i.dataset() + "#" + i.partition().key(), now)).max().orElse(now);
                latencies.add(now - lastInput);
                stack.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static void writeSpecs(Path dir) throws java.io.IOException {
        StringBuilder yaml = new StringBuilder("datasets:\n");
        for (int e = 0; e < EXTERNAL; e++) {
            yaml.append("  - {name: ext_").append(e).append(", owner: upstream, external: true, partitioning: [{name: date, type: date}]}\n");
        }
        for (int j = 0; j < JOBS; j++) {
            yaml.append("  - {name: out_").append(j).append(", partitioning: [{name: date, type: date}]}\n");
        }
        yaml.append("jobs:\n");
        for (int j = 0; j < JOBS; j++) {
            yaml.append("  - name: job_").append(j).append("\n    inputs:\n");
            for (int k = 0; k < FAN_IN; k++) {
                yaml.append("      - {dataset: ext_").append((j + k * 3) % EXTERNAL).append("}\n");
            }
            yaml.append("    outputs: [{dataset: out_").append(j).append(", sql: q.sql}]\n");
        }
        Files.writeString(dir.resolve("bench.yaml"), yaml);
        Files.writeString(dir.resolve("q.sql"), "select 1");
    }
}
