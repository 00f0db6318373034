package dev.sluice.example;

import dev.sluice.spec.settings.Lookup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./sluice demo [SPECS] [--processes [--replicas N] [--faults SEED]] [--console [--port N]]}: the sample
 * pipeline end to end on the local embedded stack; with {@code --console} the ops console then serves the run's
 * state on 127.0.0.1 until Ctrl-C. By default the four services run in this JVM; with {@code --processes} each runs as its own
 * OS process from its packaged artifact ({@code --replicas} of each), and with {@code --faults SEED} replicas are
 * killed with SIGKILL at seeded random moments and restarted, and the link to the AWS stack is cut once. Exits 0 when
 * every job partition succeeded, 1 otherwise, 2 on bad arguments.
 */
public final class SamplePipelineMain {
    private SamplePipelineMain() {
    }

    /** The command line: the specs, and how the services run. */
    record Options(Path specs, boolean processes, int replicas, Long faultSeed, boolean console, int port) {
        static Options parse(String... args) {
            Path specs = Path.of("examples/sample-pipeline/specs");
            boolean processes = false;
            int replicas = 1;
            Long seed = null;
            boolean console = false;
            Integer port = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--processes" -> processes = true;
                    case "--console" -> console = true;
                    case "--port" -> {
                        String text = value(args, ++i, "--port");
                        try {
                            port = Integer.parseInt(text);
                        } catch (NumberFormatException e) {
                            port = -1;
                        }
                        if (port < 0 || port > 65_535) {
                            throw new IllegalArgumentException("--port must be a port number in 0..65535 (0: any free port), not '" + text + "'");
                        }
                    }
                    case "--replicas" -> replicas = positive("--replicas", value(args, ++i, "--replicas"));
                    case "--faults" -> {
                        String text = value(args, ++i, "--faults");
                        try {
                            seed = Long.parseLong(text);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--faults takes a seed (an integer), not '" + text + "'");
                        }
                    }
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        specs = Path.of(args[i]);
                    }
                }
            }
            if (!processes && (replicas != 1 || seed != null)) {
                throw new IllegalArgumentException("--replicas and --faults need --processes (services as separate processes)");
            }
            if (port != null && !console) {
                throw new IllegalArgumentException("--port is the console's: it needs --console");
            }
            return new Options(specs, processes, replicas, seed, console, port == null ? 8321 : port);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String text) {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= 8) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " must be an integer in 1..8, not '" + text + "'");
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice demo: " + e.getMessage());
            System.err.println("usage: ./sluice demo [SPECS] [--processes [--replicas N] [--faults SEED]] [--console [--port N]]");
            System.exit(2);
            return;
        }
        Path specs = options.specs();
        SampleData demo = SampleData.demo();
        SampleData data = new SampleData(demo.seed(), demo.firstDay(), demo.days(),
                Integer.getInteger("sluice.sample.ordersPerDay", demo.ordersPerDay()), Integer.getInteger("sluice.sample.customers", demo.customers()));
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("sluice-demo-");
        say("Sluice sample pipeline: %d days, %,d orders/day, %,d customers; specs %s", data.days(), data.ordersPerDay(), data.customers(), specs);
        boolean ok;
        try (LocalPlatform platform = LocalPlatform.start(data, work, SamplePipelineMain::say);
             EmulatorLink link = options.faultSeed() == null ? null : EmulatorLink.between(platform.stack().settings());
             SamplePipeline pipeline = new SamplePipeline(platform, data, specs, "demo", SamplePipelineMain::say)) {
            ServiceProcesses processes = null;
            if (options.processes()) {
                processes = new ServiceProcesses(ServiceProcesses.repoRoot(), work.resolve("services"), options.replicas(),
                        ServiceProcesses.defaultJvmOptions("768m"));
                pipeline.services(processes);
            }
            if (link != null) {
                pipeline.topology(FaultInjector.quickRecoveryTopology("demo"))
                        .serviceSettings(s -> FaultInjector.quickRecovery(link.applyTo(s)));
            }
            pipeline.start();
            FaultInjector faults = link == null ? null
                    : new FaultInjector(processes, link, options.faultSeed(), 12, Duration.ofSeconds(8), SamplePipelineMain::say).start();
            pipeline.publishUpstreamEvents();
            // Under faults a failure may be retried, so only the end counts.
            ok = pipeline.awaitCompletion(Duration.ofMinutes(10), faults == null);
            if (faults != null) {
                FaultInjector.Report report = faults.stop();
                say("fault injection: seed %d, %d SIGKILLs, %d link outage(s)", report.seed(), report.kills(), report.outages());
            }
            List<SamplePipeline.PartitionState> states = pipeline.states();
            say("");
            say("%-24s %-16s %-10s %10s  %s", "JOB", "PARTITION", "STATE", "ROWS", "OUTPUT");
            for (SamplePipeline.PartitionState s : states) {
                say("%-24s %-16s %-10s %,10d  %s", s.job(), s.partition(), s.state(), s.rows(),
                        s.outputs().isEmpty() ? s.detail() : String.join(" ", s.outputs()));
            }
            say("OpenSearch index order-facts: %s documents at %s", count(platform.openSearchUrl() + "/order-facts/_count"), platform.openSearchUrl());
            if (options.console()) {
                // The console reads what the CLI reads, here from the local stack; it serves until Ctrl-C, which also
                // stops the stack (its processes are stopped by their shutdown hooks).
                say("%s in %.1f s; the ops console follows (Ctrl-C stops it and the local stack)", ok ? "SUCCEEDED" : "FAILED",
                        (System.nanoTime() - start) / 1e9);
                new picocli.CommandLine(new dev.sluice.console.ConsoleCommand(Lookup.of(platform.serviceSettings("demo", specs))))
                        .execute("--env", "demo", "--specs", specs.toString(), "--port", Integer.toString(options.port()));
            }
        }
        say("%s in %.1f s; service logs (JSON lines with runId and correlationId): %s", ok ? "SUCCEEDED" : "FAILED",
                (System.nanoTime() - start) / 1e9, System.getenv().getOrDefault("SLUICE_LOG_FILE", "target/sluice-demo.log"));
        System.exit(ok ? 0 : 1);
    }

    private static String count(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().replaceAll(".*\"count\":(\\d+).*", "$1");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
