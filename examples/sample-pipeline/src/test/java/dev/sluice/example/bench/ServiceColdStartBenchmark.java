package dev.sluice.example.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.example.LocalPlatform;
import dev.sluice.example.SampleData;
import dev.sluice.example.SamplePipeline;
import dev.sluice.example.ServiceFleet;
import dev.sluice.example.ServiceProcesses;
import dev.sluice.spec.topology.QueueRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Cold start of each service from its package (a main class, not a test). Each run provisions a fresh environment of
 * the sample pipeline (one day, tiny data), publishes the upstream events, and starts each service as its own process
 * only once work waits on its queue: the tracker at once, a stage service when its queue holds a message. It reports,
 * per service, process start → its first handled message (the tracker's first {@code released job=}, a stage's first
 * {@code stage … succeeded}), the work time of that first message (which the stage logs), and the peak RSS
 * ({@code VmHWM}) at the end of the run.
 *
 * <p>Variants ({@code args[1]}): {@code plain} runs the JVM as {@code ./sluice serve} does; {@code cds} adds an
 * application class-data-sharing archive per service ({@code -XX:+AutoCreateSharedArchive}): the first run writes it,
 * the next runs map it. Needs the packages: {@code ./mvnw -pl examples/sample-pipeline -am package -DskipTests}.
 */
public final class ServiceColdStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceColdStartBenchmark() {
    }

    /** One service's figures in one run. */
    record Figure(long toFirstMs, long firstWorkMs, long peakRssKib) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String variant = args.length > 1 ? args[1] : "plain";
        Path work = Files.createTempDirectory("cold-start-");
        Path cds = work.resolve("cds");
        Files.createDirectories(cds);
        SampleData data = SampleData.recent(42L, 1, 500, 100);
        Path specs = ServiceProcesses.repoRoot().resolve("examples/sample-pipeline/specs");
        Map<ServiceProcesses.Service, List<Figure>> figures = new EnumMap<>(ServiceProcesses.Service.class);
        try (LocalPlatform platform = LocalPlatform.start(data, work.resolve("platform"), s -> { })) {
            for (int run = 1; run <= runs; run++) {
                String env = "cold" + run;
                List<String> jvm = new ArrayList<>(ServiceProcesses.defaultJvmOptions("768m"));
                ServiceProcesses processes = new ServiceProcesses(ServiceProcesses.repoRoot(), work.resolve("run-" + run), 1, jvm);
                Map<ServiceProcesses.Service, Figure> result = runOnce(platform, data, specs, env, processes, variant, cds);
                result.forEach((service, figure) -> figures.computeIfAbsent(service, s -> new ArrayList<>()).add(figure));
                System.out.printf("run %d (%s): %s%n", run, variant, result);
            }
        }
        System.out.printf("%n| service (%s) | process start → first message handled, per run | of which the first message's work | peak RSS |%n", variant);
        System.out.println("|---|---|---|---|");
        figures.forEach((service, list) -> System.out.printf("| %s | %s ms | %s ms | %s MiB |%n", service.module(),
                join(list.stream().mapToLong(Figure::toFirstMs).toArray()), join(list.stream().mapToLong(Figure::firstWorkMs).toArray()),
                join(list.stream().mapToLong(f -> f.peakRssKib() / 1024).toArray())));
        System.exit(0); // the embedded OpenSearch leaves non-daemon threads behind
    }

    private static Map<ServiceProcesses.Service, Figure> runOnce(LocalPlatform platform, SampleData data, Path specs, String env,
                                                                 ServiceProcesses processes, String variant, Path cds) throws Exception {
        Map<ServiceProcesses.Service, ServiceProcesses.Replica> started = new EnumMap<>(ServiceProcesses.Service.class);
        ServiceFleet deferred = new ServiceFleet() {
            @Override
            public String start(Map<String, String> settings) {
                processes.prepare(settings);
                return "nothing yet (each service starts when work waits for it)";
            }

            @Override
            public void close() {
                processes.close();
            }
        };
        try (SamplePipeline pipeline = new SamplePipeline(platform, data, specs, env, s -> { }).services(deferred)) {
            pipeline.start();
            pipeline.publishUpstreamEvents();
            Map<ServiceProcesses.Service, QueueRole> queues = new LinkedHashMap<>();
            queues.put(ServiceProcesses.Service.EXTRACTOR, QueueRole.EXTRACT);
            queues.put(ServiceProcesses.Service.TRANSFORMER, QueueRole.TRANSFORM);
            queues.put(ServiceProcesses.Service.LOADER, QueueRole.LOAD);
            started.put(ServiceProcesses.Service.TRACKER, startWith(processes, ServiceProcesses.Service.TRACKER, variant, cds));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (started.size() < 4 && System.nanoTime() < deadline) {
                for (var e : queues.entrySet()) {
                    if (!started.containsKey(e.getKey()) && depth(platform, pipeline.upstream().resources().queueUrl(e.getValue())) > 0) {
                        started.put(e.getKey(), startWith(processes, e.getKey(), variant, cds));
                    }
                }
                Thread.sleep(50);
            }
            if (!pipeline.awaitCompletion(Duration.ofMinutes(3), true)) {
                throw new IllegalStateException("the run did not complete: " + pipeline.states() + "\n" + processes.logTails(30));
            }
            Map<ServiceProcesses.Service, Figure> out = new EnumMap<>(ServiceProcesses.Service.class);
            for (var e : started.entrySet()) {
                out.put(e.getKey(), figure(e.getValue(), peakRssKib(e.getValue().pid())));
            }
            return out;
        }
    }

    private static ServiceProcesses.Replica startWith(ServiceProcesses processes, ServiceProcesses.Service service, String variant, Path cds) {
        return switch (variant) {
            case "plain" -> processes.startReplica(service);
            case "cds" -> processes.startReplica(service, List.of("-XX:SharedArchiveFile=" + cds.resolve(service.module() + ".jsa"),
                    "-XX:+AutoCreateSharedArchive", "-Xlog:cds=warning:file=" + cds.resolve(service.module() + ".cds.log")));
            default -> throw new IllegalArgumentException("variant must be plain or cds, not '" + variant + "'");
        };
    }

    /** From the replica's log: its first handled message's time (and work) relative to the process start. */
    private static Figure figure(ServiceProcesses.Replica replica, long rssKib) throws IOException {
        for (String line : Files.readAllLines(replica.log())) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String message = node.path("message").asText();
            boolean tracker = replica.service() == ServiceProcesses.Service.TRACKER;
            if (tracker ? message.startsWith("released job=") : message.matches("stage \\w+ succeeded in \\d+ ms.*")) {
                long at = Instant.parse(node.path("ts").asText()).toEpochMilli();
                long work = tracker ? 0 : Long.parseLong(message.replaceAll("stage \\w+ succeeded in (\\d+) ms.*", "$1"));
                return new Figure(at - replica.startedAtMillis(), work, rssKib);
            }
        }
        throw new IllegalStateException(replica + " handled no message; log " + replica.log());
    }

    private static int depth(LocalPlatform platform, String url) {
        return Integer.parseInt(platform.stack().clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String join(long[] values) {
        StringBuilder out = new StringBuilder();
        for (long v : values) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format("%,d", v));
        }
        return out.toString();
    }
}
