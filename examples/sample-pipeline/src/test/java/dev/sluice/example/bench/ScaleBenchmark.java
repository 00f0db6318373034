package dev.sluice.example.bench;

import dev.sluice.cli.cost.CostEstimate;
import dev.sluice.cli.cost.CostModel;
import dev.sluice.cli.cost.JobProfile;
import dev.sluice.cli.cost.PriceTable;
import dev.sluice.cli.cost.RequestModel;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.Stage;
import dev.sluice.example.ServiceProcesses;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import dev.sluice.tracker.store.ReleaseRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The scale benchmark (a main class, not a test): a generated DAG ({@link ScaleDag}: 700 jobs in 8 levels, fan-in up
 * to 16, mostly {@code same}, some {@code offset}, {@code window}, {@code latest} and {@code all:}) with tiny data, run
 * through the tracker and the stage services as separate processes from their packages ({@link ServiceProcesses}) on
 * the local AWS stack (fauxqs, DynamoDB Local). It reports:
 *
 * <ul>
 *   <li>end-to-end time of one partition of the whole DAG, then of {@code partitions} more, published at once;</li>
 *   <li>per job: release (the tracker's release record) → run finished, minus the stages' own work (each stage record's
 *       claim → success), p50/p95/p99, and how that overhead splits into its hops;</li>
 *   <li>per hop on the critical path: the upstream load stage finished (its data-ready is published right after) →
 *       the downstream job's first stage received its job-released (the run record's creation);</li>
 *   <li>tracker events/s with 1, 2 and 4 tracker replicas, from a queue filled beforehand;</li>
 *   <li>AWS requests per job run, counted in the service processes by an SDK interceptor ({@link RequestCounter}),
 *       next to the protocol's count ({@code RequestModel});</li>
 *   <li>peak RSS ({@code VmHWM}) of each service process, and the month of the 700-job profile priced by
 *       {@code CostModel} with its default price table;</li>
 *   <li>a chart ({@code scale-benchmark.svg}): the per-job overhead distribution and the critical path's timeline.</li>
 * </ul>
 *
 * <p>Arguments ({@code key=value}): {@code jobs} (700), {@code partitions} (30, after the first one), {@code seed}
 * (17), {@code trackerReplicas} (1,2,4; {@code none} skips), {@code trackerPartitions} (2), {@code timeoutMinutes}
 * (15), {@code out} (target/scale-bench), {@code dag} (true; false runs the tracker throughput part alone). Needs the packages: {@code ./mvnw -pl examples/sample-pipeline -am package}.
 */
public final class ScaleBenchmark {
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-01");
    private static final Pattern TS = Pattern.compile("\"ts\":\"([^\"]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)");

    private final int jobs;
    private final int partitions;
    private final long seed;
    private final List<Integer> trackerReplicas;
    private final int trackerPartitions;
    private final Duration timeout;
    private final Path out;
    private final boolean dagRun;
    private final StringBuilder report = new StringBuilder();
    private AwsStack stack;
    private ScaleDag.Generated dag;
    private Path specs;
    private Map<String, ScaleDag.Job> byName;
    private Map<String, String> producerOf;

    private ScaleBenchmark(Map<String, String> args) {
        this.jobs = Integer.parseInt(args.getOrDefault("jobs", "700"));
        this.partitions = Integer.parseInt(args.getOrDefault("partitions", "30"));
        this.seed = Long.parseLong(args.getOrDefault("seed", "17"));
        String replicas = args.getOrDefault("trackerReplicas", "1,2,4");
        this.trackerReplicas = replicas.equals("none") ? List.of() : Arrays.stream(replicas.split(",")).map(Integer::parseInt).toList();
        this.trackerPartitions = Integer.parseInt(args.getOrDefault("trackerPartitions", "2"));
        this.timeout = Duration.ofMinutes(Long.parseLong(args.getOrDefault("timeoutMinutes", "15")));
        this.out = Path.of(args.getOrDefault("out", "target/scale-bench")).toAbsolutePath();
        this.dagRun = Boolean.parseBoolean(args.getOrDefault("dag", "true"));
        // Extra JVM options of every service process, space-separated; e.g. a flight recording per process:
        // serviceJvm=-XX:StartFlightRecording=filename=/tmp/jfr/%p.jfr,settings=profile
        String extra = args.getOrDefault("serviceJvm", "").trim();
        this.serviceJvm = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    private final List<String> serviceJvm;

    private List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>(ServiceProcesses.defaultJvmOptions("768m"));
        options.addAll(serviceJvm);
        return options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, not '" + a + "'");
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new ScaleBenchmark(options).run();
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ the run

    private void run() throws Exception {
        Files.createDirectories(out);
        dag = ScaleDag.generate(jobs, seed);
        specs = out.resolve("specs");
        ScaleDag.write(dag, specs);
        byName = new HashMap<>();
        producerOf = new HashMap<>();
        dag.jobs().forEach(j -> {
            byName.put(j.name(), j);
            producerOf.put(j.output(), j.name());
        });
        PipelineSpecs loaded = PipelineSpecs.load(specs);
        line("# Scale benchmark: %d jobs, depth %d, max fan-in %d; inputs: %d same, %d offset, %d window, %d latest, %d all",
                loaded.jobs().size(), loaded.depth(), dag.maxFanIn(), dag.count("same"), dag.count("offset"), dag.count("window"),
                dag.count("latest"), dag.count("all"));
        line("machine: %d cores, JDK %s; started %s", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Instant.now());
        long t0 = System.nanoTime();
        stack = AwsStacks.start();
        line("local AWS stack: %s (%.1f s)", stack.describe(), (System.nanoTime() - t0) / 1e9);
        try {
            if (dagRun) {
                pipelineRun();
            }
            for (int k : trackerReplicas) {
                trackerThroughput(k);
            }
        } finally {
            Files.writeString(out.resolve("report.md"), report);
            stack.close();
        }
    }

    /** Provisions {@code env} for the generated specs and uploads the external datasets' data; returns the bench's context. */
    private ServiceContext provision(String env) throws Exception {
        Topology topology = new TopologyDeriver().derive(PipelineSpecs.load(specs), TopologyOptions.defaults(env));
        var aws = stack.clients();
        new TopologyProvisioner(aws.sns(), aws.sqs(), aws.dynamoDb(), aws.s3()).provision(topology);
        ServiceContext context = new ServiceContext(ServiceSettings.fromMap("scale-bench", settings(env)), Clock.systemUTC());
        Path parquet = out.resolve("tiny.parquet");
        if (!Files.exists(parquet)) {
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
                s.execute("COPY (SELECT 1::BIGINT AS id, 'x' AS v) TO '" + parquet.toString().replace("'", "''") + "' (FORMAT PARQUET)");
            }
        }
        for (String dataset : externalDatasets()) {
            aws.s3().putObject(b -> b.bucket(context.resources().bucket()).key(ScaleDag.location(dataset) + "part.parquet"),
                    RequestBody.fromFile(parquet));
        }
        return context;
    }

    private static List<String> externalDatasets() {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < ScaleDag.EXTERNAL; e++) {
            out.add("ext_" + e);
        }
        for (int h = 0; h < ScaleDag.HISTORY; h++) {
            out.add("hist_" + h);
        }
        for (int r = 0; r < ScaleDag.REFERENCE; r++) {
            out.add("ref_" + r);
        }
        for (int r = 0; r < ScaleDag.REGIONAL; r++) {
            out.add("reg_" + r);
        }
        return out;
    }

    private Map<String, String> settings(String env) {
        Map<String, String> s = new LinkedHashMap<>(stack.settings());
        s.put("SLUICE_ENV", env);
        s.put("SLUICE_SPECS_DIR", specs.toString());
        s.put("SLUICE_WORK_DIR", out.resolve(env).resolve("work").toString());
        s.put("SLUICE_DUCKDB_MEMORY_LIMIT", "256MB");
        s.put("SLUICE_DUCKDB_THREADS", "1");
        s.put("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "PT5S");
        return s;
    }

    /** Starts the fleet's processes (after {@code prepare}), each with the request counter on its class path. */
    private Map<ServiceProcesses.Replica, Long> startReplicas(ServiceProcesses processes, Path workDir, Path counts,
                                                             Map<ServiceProcesses.Service, Integer> replicas) throws Exception {
        Files.createDirectories(counts);
        for (ServiceProcesses.Service service : replicas.keySet()) {
            installCounter(workDir.resolve("artifacts").resolve(service.module()).resolve("lib"));
        }
        Map<ServiceProcesses.Replica, Long> started = new LinkedHashMap<>();
        replicas.forEach((service, n) -> {
            for (int i = 0; i < n; i++) {
                ServiceProcesses.Replica r = processes.startReplica(service, List.of("-D" + RequestCounter.DIRECTORY_PROPERTY + "=" + counts));
                started.put(r, r.startedAtMillis());
            }
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (ServiceProcesses.Replica r : started.keySet()) {
            while (!logContains(r.log(), "started in container mode")) {
                if (System.nanoTime() > deadline || !r.alive()) {
                    throw new IllegalStateException(r + " did not start:\n" + processes.logTails(40));
                }
                Thread.sleep(100);
            }
        }
        return started;
    }

    private static void installCounter(Path lib) throws IOException {
        Path jar = lib.resolve("zz-scale-bench-request-counter.jar");
        if (Files.exists(jar)) {
            return;
        }
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            String name = RequestCounter.class.getName().replace('.', '/') + ".class";
            j.putNextEntry(new JarEntry(name));
            try (InputStream in = RequestCounter.class.getClassLoader().getResourceAsStream(name)) {
                in.transferTo(j);
            }
            j.closeEntry();
            j.putNextEntry(new JarEntry("software/amazon/awssdk/global/handlers/execution.interceptors"));
            j.write((RequestCounter.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
    }

    // ------------------------------------------------------------------------------------------------ publishing

    private static void publishExternal(ServiceContext ctx, String dataset, Partition p) {
        URI location = URI.create("s3://" + ctx.resources().bucket() + "/" + ScaleDag.location(dataset) + "part.parquet");
        DataReady ready = new DataReady(dataset, p, 1, location, null, "parquet", DatasetSchema.of(List.of()), 1L, null,
                Producer.team(ScaleDag.UPSTREAM_TEAM));
        SnsEventPublisher.forTeam(ctx.aws().sns(), ctx.resources(), ctx.codec(), ScaleDag.UPSTREAM_TEAM).publish(Destination.DATA_READY,
                EventEnvelope.of("bench/upstream", dataset + "/" + p.key(), "bench-" + dataset + "-" + p.key(), ready));
    }

    /** The external data-ready events of one day: every {@code ext_}, {@code hist_} and regional dataset. */
    private static List<Runnable> dayEvents(ServiceContext ctx, LocalDate day) {
        List<Runnable> events = new ArrayList<>();
        Partition p = Partition.of("date", day.toString());
        for (int e = 0; e < ScaleDag.EXTERNAL; e++) {
            String d = "ext_" + e;
            events.add(() -> publishExternal(ctx, d, p));
        }
        for (int h = 0; h < ScaleDag.HISTORY; h++) {
            String d = "hist_" + h;
            events.add(() -> publishExternal(ctx, d, p));
        }
        for (int r = 0; r < ScaleDag.REGIONAL; r++) {
            for (String region : ScaleDag.REGIONS) {
                String d = "reg_" + r;
                Map<String, String> dims = new LinkedHashMap<>();
                dims.put("date", day.toString());
                dims.put("region", region);
                events.add(() -> publishExternal(ctx, d, Partition.of(dims)));
            }
        }
        return events;
    }

    /** What comes before day 0: the reference datasets and the history the offset and window mappings read. */
    private static List<Runnable> historyEvents(ServiceContext ctx) {
        List<Runnable> events = new ArrayList<>();
        for (int r = 0; r < ScaleDag.REFERENCE; r++) {
            String d = "ref_" + r;
            events.add(() -> publishExternal(ctx, d, Partition.NONE));
        }
        for (int back = ScaleDag.WINDOW - 1; back >= 1; back--) {
            Partition p = Partition.of("date", FIRST_DAY.minusDays(back).toString());
            for (int h = 0; h < ScaleDag.HISTORY; h++) {
                String d = "hist_" + h;
                events.add(() -> publishExternal(ctx, d, p));
            }
        }
        return events;
    }

    private static void publishAll(List<Runnable> events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            events.forEach(e -> done.add(pool.submit(e)));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------ the DAG run

    /** One job partition's run, from the release record, the run record and its stage records. */
    record JobRun(String job, int level, String partition, Instant released, Instant received, StageRecord transform,
                  StageRecord load, Instant finished) {
        long workMs() {
            return ms(transform.startedAt(), transform.finishedAt()) + ms(load.startedAt(), load.finishedAt());
        }

        long totalMs() {
            return ms(released, finished);
        }

        long overheadMs() {
            return totalMs() - workMs();
        }

        boolean retried() {
            return transform.attempt() > 1 || load.attempt() > 1;
        }
    }

    record Phase(String name, Instant start, List<JobRun> runs, Map<String, Long> requests, int expected) {
        Instant end() {
            return runs.stream().map(JobRun::finished).max(Comparator.naturalOrder()).orElse(start);
        }
    }

    private void pipelineRun() throws Exception {
        String env = "scale";
        ServiceContext ctx = provision(env);
        Path work = out.resolve(env);
        ServiceProcesses processes = new ServiceProcesses(ServiceProcesses.repoRoot(), work, 1, serviceJvmOptions());
        DynamoDbTrackerStore releases = new DynamoDbTrackerStore(ctx.aws().dynamoDb(), ctx.resources().table(TableRole.DATASET_VERSIONS),
                ctx.resources().table(TableRole.RELEASES));
        DynamoDbRunStore runStore = new DynamoDbRunStore(ctx.aws().dynamoDb(), ctx.resources().table(TableRole.RUNS));
        Path counts = work.resolve("request-counts");
        try {
            processes.prepare(settings(env));
            Map<ServiceProcesses.Service, Integer> fleet = new LinkedHashMap<>();
            fleet.put(ServiceProcesses.Service.TRACKER, 1);
            fleet.put(ServiceProcesses.Service.TRANSFORMER, 1);
            fleet.put(ServiceProcesses.Service.LOADER, 1);
            Map<ServiceProcesses.Replica, Long> replicas = startReplicas(processes, work, counts, fleet);
            line("%n## DAG run: env %s; processes %s (the extractor is not started: no job extracts)", env, replicas.keySet());
            publishAll(historyEvents(ctx));
            awaitDrained(ctx, QueueRole.TRACKER, Duration.ofMinutes(2));

            LogCounter loads = new LogCounter(processes, ServiceProcesses.Service.LOADER, "stage load succeeded in");
            Map<String, Long> before = requestCounts(counts, processes);
            Map<String, Long> cpuBefore = cpuTicks(replicas.keySet());
            Instant dagStart = Instant.now();
            Instant start = dagStart;
            publishAll(dayEvents(ctx, FIRST_DAY));
            boolean complete = loads.await(jobs, timeout, processes);
            Thread.sleep(1_500); // the counters write every 500 ms
            Map<String, Long> after = requestCounts(counts, processes);
            Phase one = collect("1 partition", start, List.of(FIRST_DAY), releases, runStore, diff(after, before), jobs);
            reportPhase(one, complete);

            Phase many = null;
            if (partitions > 0) {
                List<LocalDate> days = new ArrayList<>();
                List<Runnable> events = new ArrayList<>();
                for (int d = 1; d <= partitions; d++) {
                    days.add(FIRST_DAY.plusDays(d));
                    events.addAll(dayEvents(ctx, FIRST_DAY.plusDays(d)));
                }
                before = after;
                start = Instant.now();
                publishAll(events);
                complete = loads.await(jobs * (partitions + 1), timeout, processes);
                Thread.sleep(1_500);
                after = requestCounts(counts, processes);
                many = collect(partitions + " partitions at once", start, days, releases, runStore, diff(after, before), jobs * partitions);
                reportPhase(many, complete);
            }
            Map<String, Long> cpuAfter = cpuTicks(replicas.keySet());
            double span = Duration.between(dagStart, Instant.now()).toMillis() / 1000.0;
            line("%n### CPU time of each process during the DAG run (utime + stime from /proc/<pid>/stat; %.1f s wall, %d cores)%n",
                    span, Runtime.getRuntime().availableProcessors());
            line("| process | CPU s | share |");
            line("|---|---|---|");
            long total = 0;
            for (String name : cpuAfter.keySet()) {
                total += cpuAfter.get(name) - cpuBefore.getOrDefault(name, 0L);
            }
            for (String name : cpuAfter.keySet()) {
                long used = cpuAfter.get(name) - cpuBefore.getOrDefault(name, 0L);
                line("| %s | %.1f | %.0f%% |", name, used / 100.0, total == 0 ? 0 : 100.0 * used / total);
            }
            line("| **all** | **%.1f** | of %.1f core-seconds |", total / 100.0, span * Runtime.getRuntime().availableProcessors());
            line("%n### Peak RSS of each service process (VmHWM, at the end of the DAG run)%n");
            line("| process | peak RSS |");
            line("|---|---|");
            for (ServiceProcesses.Replica r : replicas.keySet()) {
                line("| %s | %,d MiB |", r.name(), peakRssKib(r.pid()) / 1024);
            }
            List<JobRun> all = new ArrayList<>(one.runs());
            if (many != null) {
                all.addAll(many.runs());
            }
            cost(all);
            Chart.write(out.resolve("scale-benchmark.svg"), one, criticalPath(one.runs(), FIRST_DAY), many);
            line("%nchart: %s", out.resolve("scale-benchmark.svg"));
            List<String> exits = processes.unexpectedExits();
            if (!exits.isEmpty()) {
                line("unexpected exits: %s", exits);
            }
        } finally {
            processes.close();
            ctx.close();
        }
    }

    private Phase collect(String name, Instant start, List<LocalDate> days, DynamoDbTrackerStore releases, DynamoDbRunStore runStore,
                          Map<String, Long> requests, int expected) throws Exception {
        java.util.Set<String> keys = new java.util.HashSet<>();
        days.forEach(d -> keys.add(Partition.of("date", d.toString()).key()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<JobRun>>> futures = new ArrayList<>();
            for (ScaleDag.Job job : dag.jobs()) {
                futures.add(pool.submit(() -> {
                    List<JobRun> found = new ArrayList<>();
                    for (ReleaseRecord r : releases.releasesOf(job.name())) {
                        if (!keys.contains(r.partition().key()) || r.runId() == null) {
                            continue;
                        }
                        RunRecord run = runStore.run(r.runId()).orElse(null);
                        if (run == null || run.state() != RunRecord.State.SUCCEEDED) {
                            continue;
                        }
                        Map<Stage, StageRecord> stages = new HashMap<>();
                        runStore.stagesOf(r.runId()).forEach(s -> stages.put(s.stage(), s));
                        found.add(new JobRun(job.name(), job.level(), r.partition().key(), r.releasedAt(), run.releasedAt(),
                                stages.get(Stage.TRANSFORM), stages.get(Stage.LOAD), run.finishedAt()));
                    }
                    return found;
                }));
            }
            List<JobRun> runs = new ArrayList<>();
            for (Future<List<JobRun>> f : futures) {
                runs.addAll(f.get());
            }
            return new Phase(name, start, runs, requests, expected);
        } finally {
            pool.shutdown();
        }
    }

    private void reportPhase(Phase phase, boolean complete) {
        List<JobRun> runs = phase.runs();
        line("%n### %s: %d of %d job runs succeeded%s%n", phase.name(), runs.size(), phase.expected(),
                complete ? "" : " (NOT complete at the timeout: the figures cover the runs that finished)");
        line("- end to end (first upstream data-ready published → last job run finished): **%,d ms**", ms(phase.start(), phase.end()));
        line("- job runs/s: %.1f; stages retried: %d", runs.size() * 1000.0 / Math.max(1, ms(phase.start(), phase.end())),
                runs.stream().filter(JobRun::retried).count());
        line("%n| per job run (ms) | n | p50 | p95 | p99 | max |");
        line("|---|---|---|---|---|---|");
        row("release → run finished (total)", runs.stream().mapToLong(JobRun::totalMs).toArray());
        row("work: transform + load (claim → success)", runs.stream().mapToLong(JobRun::workMs).toArray());
        row("**orchestration overhead** (total − work)", runs.stream().mapToLong(JobRun::overheadMs).toArray());
        row("… release → transform received job-released", runs.stream().mapToLong(r -> ms(r.released(), r.received())).toArray());
        row("… received → transform claimed", runs.stream().mapToLong(r -> ms(r.received(), r.transform().startedAt())).toArray());
        row("… transform done → load claimed", runs.stream().mapToLong(r -> ms(r.transform().finishedAt(), r.load().startedAt())).toArray());
        row("… load done → run finished", runs.stream().mapToLong(r -> ms(r.load().finishedAt(), r.finished())).toArray());
        row("transform work", runs.stream().mapToLong(r -> ms(r.transform().startedAt(), r.transform().finishedAt())).toArray());
        row("load work", runs.stream().mapToLong(r -> ms(r.load().startedAt(), r.load().finishedAt())).toArray());

        // hops: the input that arrived last → the downstream run received its job-released
        Map<String, JobRun> index = new HashMap<>();
        runs.forEach(r -> index.put(r.job() + "|" + r.partition(), r));
        List<long[]> hops = new ArrayList<>();
        for (JobRun r : runs) {
            JobRun last = lastInput(r, index);
            if (last != null) {
                hops.add(new long[] {ms(last.load().finishedAt(), r.received()), ms(last.load().finishedAt(), r.released())});
            }
        }
        List<long[]> pathHops = new ArrayList<>();
        java.util.Set<String> partitionKeys = new java.util.TreeSet<>();
        runs.forEach(r -> partitionKeys.add(r.partition()));
        List<String> pathLines = new ArrayList<>();
        for (String key : partitionKeys) {
            List<JobRun> path = criticalPathOf(runs, key, index);
            for (int i = 1; i < path.size(); i++) {
                pathHops.add(new long[] {ms(path.get(i - 1).load().finishedAt(), path.get(i).received()),
                        ms(path.get(i - 1).load().finishedAt(), path.get(i).released())});
            }
            if (pathLines.isEmpty()) {
                pathLines.add(String.format("critical path of %s: %d jobs (%s), %,d ms from the first publish", key, path.size(),
                        String.join(" → ", path.stream().map(JobRun::job).toList()), ms(phase.start(), path.getLast().finished())));
            }
        }
        row("hop on the critical paths: upstream load done (data-ready) → downstream received job-released", pathHops.stream().mapToLong(h -> h[0]).toArray());
        row("… of which data-ready → tracker released", pathHops.stream().mapToLong(h -> h[1]).toArray());
        row("hop, every job's last input: data-ready → received job-released", hops.stream().mapToLong(h -> h[0]).toArray());
        row("… of which data-ready → tracker released", hops.stream().mapToLong(h -> h[1]).toArray());
        pathLines.forEach(l -> line("%n%s", l));
        requests(phase);
    }

    private void row(String label, long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        line("| %s | %d | %,d | %,d | %,d | %,d |", label, v.length, pct(v, 50), pct(v, 95), pct(v, 99), v.length == 0 ? 0 : v[v.length - 1]);
    }

    private JobRun lastInput(JobRun r, Map<String, JobRun> index) {
        JobRun last = null;
        for (ScaleDag.Input in : byName.get(r.job()).inputs()) {
            String producer = producerOf.get(in.dataset());
            if (producer == null) {
                continue; // external
            }
            JobRun u = index.get(producer + "|" + r.partition());
            if (u != null && (last == null || u.load().finishedAt().isAfter(last.load().finishedAt()))) {
                last = u;
            }
        }
        return last;
    }

    private List<JobRun> criticalPathOf(List<JobRun> runs, String partitionKey, Map<String, JobRun> index) {
        JobRun end = runs.stream().filter(r -> r.partition().equals(partitionKey)).max(Comparator.comparing(JobRun::finished)).orElse(null);
        List<JobRun> path = new ArrayList<>();
        for (JobRun r = end; r != null; r = lastInput(r, index)) {
            path.addFirst(r);
        }
        return path;
    }

    private List<JobRun> criticalPath(List<JobRun> runs, LocalDate day) {
        Map<String, JobRun> index = new HashMap<>();
        runs.forEach(r -> index.put(r.job() + "|" + r.partition(), r));
        return criticalPathOf(runs, Partition.of("date", day.toString()).key(), index);
    }

    // ------------------------------------------------------------------------------------------------ requests, cost

    private Map<String, Long> requestCounts(Path dir, ServiceProcesses processes) throws IOException {
        Map<Long, String> serviceOf = new HashMap<>();
        processes.replicas().forEach(r -> serviceOf.put(r.pid(), r.service().module()));
        Map<String, Long> total = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                long pid = Long.parseLong(f.getFileName().toString().replace(".properties", ""));
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(f)) {
                    p.load(in);
                }
                String service = serviceOf.getOrDefault(pid, "pid" + pid);
                p.forEach((k, v) -> total.merge(service + " " + k, Long.parseLong((String) v), Long::sum));
            }
        }
        return total;
    }

    private static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    private static final List<String> DYNAMO_READS = List.of("GetItem", "Query", "BatchGetItem", "Scan", "TransactGetItems");

    private void requests(Phase phase) {
        double n = Math.max(1, phase.runs().size());
        Map<String, Long> byService = new TreeMap<>();
        Map<String, Long> byOp = new TreeMap<>();
        phase.requests().forEach((k, v) -> {
            String op = k.substring(k.indexOf(' ') + 1);
            String service = op.substring(0, op.indexOf('.'));
            if (service.equals("DynamoDb")) {
                service = DYNAMO_READS.contains(op.substring(op.indexOf('.') + 1)) ? "DynamoDb reads" : "DynamoDb writes";
            }
            byService.merge(service, v, Long::sum);
            byOp.merge(k, v, Long::sum);
        });
        double[] model = new double[5];
        for (JobRun r : phase.runs()) {
            RequestModel m = RequestModel.perRun(profile(byName.get(r.job()), List.of(r)));
            model[0] += m.dynamoReads();
            model[1] += m.dynamoWrites();
            model[2] += m.sqsRequests();
            model[3] += m.snsPublishes();
            model[4] += m.s3Puts() + m.s3Gets();
        }
        line("%nAWS requests per job run in this phase (measured in the service processes, every HTTP attempt, idle long polls"
                + " included; computed: the protocol's count from RequestModel, mean over these runs):%n");
        line("| service | measured total | measured per job run | computed per job run |");
        line("|---|---|---|---|");
        String[] services = {"DynamoDb reads", "DynamoDb writes", "Sqs", "Sns", "S3"};
        for (int i = 0; i < services.length; i++) {
            long total = byService.getOrDefault(services[i], 0L);
            line("| %s | %,d | %.1f | %.1f |", services[i], total, total / n, model[i] / n);
        }
        line("%n<details><summary>by process and operation</summary>%n");
        byOp.forEach((k, v) -> line("- %s: %,d (%.2f per job run)", k, v, v / n));
        line("%n</details>");
    }

    private static JobProfile profile(ScaleDag.Job job, List<JobRun> runs) {
        double inputs = 0;
        for (ScaleDag.Input in : job.inputs()) {
            inputs += switch (in.mapping()) {
                case "window" -> ScaleDag.WINDOW;
                case "all" -> ScaleDag.REGIONS.size();
                default -> 1;
            };
        }
        double transform = runs.stream().mapToLong(r -> ms(r.transform().startedAt(), r.transform().finishedAt())).average().orElse(0) / 1000;
        double load = runs.stream().mapToLong(r -> ms(r.load().startedAt(), r.load().finishedAt())).average().orElse(0) / 1000;
        double bytes = runs.stream().mapToLong(r -> r.load().metrics() == null ? 0 : r.load().metrics().bytesOut()).average().orElse(0);
        Map<Stage, Double> stages = new LinkedHashMap<>();
        stages.put(Stage.TRANSFORM, transform);
        stages.put(Stage.LOAD, load);
        return new JobProfile(job.name(), SizeClass.SMALL, 30, inputs, 1, stages, bytes);
    }

    private void cost(List<JobRun> all) {
        Map<String, List<JobRun>> byJob = new HashMap<>();
        all.forEach(r -> byJob.computeIfAbsent(r.job(), k -> new ArrayList<>()).add(r));
        List<JobProfile> profiles = dag.jobs().stream().filter(j -> byJob.containsKey(j.name())).map(j -> profile(j, byJob.get(j.name()))).toList();
        PriceTable prices = PriceTable.defaults();
        CostEstimate estimate = CostModel.estimate(profiles, prices);
        CostEstimate.Lines t = estimate.total();
        line("%n### Monthly cost of the %d-job profile (CostModel, default price table; 30 daily runs per job, the stage"
                + " durations and bytes measured above, requests from RequestModel)%n", profiles.size());
        line("| Lambda | Fargate | SQS | SNS | DynamoDB | S3 requests | S3 storage | **total** |");
        line("|---|---|---|---|---|---|---|---|");
        line("| $%.2f | $%.2f | $%.2f | $%.2f | $%.2f | $%.2f | $%.4f | **$%.2f** |", t.lambda(), t.fargate(), t.sqs(), t.sns(), t.dynamoDb(),
                t.s3Requests(), t.s3Storage(), t.sum());

        // The same DAG orchestrated by Step Functions instead: one Standard execution per daily partition, the levels as
        // nested Parallel states, each job a branch of its stage Tasks (the stage Lambdas and S3 cost the same). Per
        // job run: a transition into each stage Task and one out of the branch; per level: into and out of its
        // Parallel; per execution: start and end.
        double jobRuns = profiles.stream().mapToDouble(JobProfile::runsPerMonth).sum();
        double stageTransitions = profiles.stream().mapToDouble(p -> p.runsPerMonth() * (p.stageSeconds().size() + 1)).sum();
        double executions = 30;
        double transitions = stageTransitions + executions * (2 * ScaleDag.LEVELS + 2);
        double stepFunctions = transitions * STEP_FUNCTIONS_STANDARD_PER_TRANSITION;
        double sluiceOrchestration = t.sqs() + t.sns() + t.dynamoDb();
        line("%nThe same DAG on Step Functions (Standard, $%.3f per 1,000 state transitions): %,.0f job runs a month make"
                        + " %,.0f transitions = **$%.2f** a month for the orchestration, against Sluice's SQS + SNS + DynamoDB"
                        + " $%.2f (plus the tracker's share of Lambda); the stage Lambdas and S3 cost the same either way.",
                STEP_FUNCTIONS_STANDARD_PER_TRANSITION * 1000, jobRuns, transitions, stepFunctions, sluiceOrchestration);
    }

    /** Step Functions Standard workflows, us-east-1: $0.025 per 1,000 state transitions (https://aws.amazon.com/step-functions/pricing/). */
    static final double STEP_FUNCTIONS_STANDARD_PER_TRANSITION = 0.000025;

    // ------------------------------------------------------------------------------------------------ tracker throughput

    private void trackerThroughput(int replicas) throws Exception {
        String env = "scalet" + replicas;
        ServiceContext ctx = provision(env);
        Path work = out.resolve(env);
        ServiceProcesses processes = new ServiceProcesses(ServiceProcesses.repoRoot(), work, 1, serviceJvmOptions());
        try {
            processes.prepare(settings(env));
            // The events a DAG run gives the tracker, for trackerPartitions days: the upstream ones and every job's output.
            List<Runnable> events = new ArrayList<>(historyEvents(ctx));
            SnsEventPublisher loaderLike = new SnsEventPublisher(ctx.aws().sns(), ctx.resources(), ctx.codec());
            for (int d = 0; d < trackerPartitions; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                events.addAll(dayEvents(ctx, day));
                Partition p = Partition.of("date", day.toString());
                for (ScaleDag.Job job : dag.jobs()) {
                    String runId = "bench-" + job.name() + "-" + day;
                    URI location = URI.create("s3://" + ctx.resources().bucket() + "/datasets/" + job.output() + "/" + p.key() + "/part.parquet");
                    DataReady ready = new DataReady(job.output(), p, 1, location, null, "parquet", DatasetSchema.of(List.of()), 1L, null,
                            Producer.job(job.name(), runId));
                    events.add(() -> loaderLike.publish(Destination.DATA_READY,
                            EventEnvelope.of("bench/loader", job.output() + "/" + p.key(), runId, ready)));
                }
            }
            // Every replica is up before the first event: the span measures processing, not JVM start-up.
            Path counts = work.resolve("request-counts");
            startReplicas(processes, work, counts, Map.of(ServiceProcesses.Service.TRACKER, replicas));
            publishAll(events);
            long waiting = events.size();
            awaitDrained(ctx, QueueRole.TRACKER, timeout);
            Thread.sleep(1_000);
            long recorded = 0;
            long released = 0;
            Instant first = null;
            Instant last = null;
            for (ServiceProcesses.Replica r : processes.replicas()) {
                for (String l : Files.readAllLines(r.log())) {
                    Matcher m = MESSAGE.matcher(l);
                    if (!m.find()) {
                        continue;
                    }
                    boolean rec = m.group(1).startsWith("recorded ");
                    released += m.group(1).startsWith("released job=") ? 1 : 0;
                    if (rec) {
                        recorded++;
                        Matcher t = TS.matcher(l);
                        if (t.find()) {
                            Instant at = Instant.parse(t.group(1));
                            first = first == null || at.isBefore(first) ? at : first;
                            last = last == null || at.isAfter(last) ? at : last;
                        }
                    }
                }
            }
            long span = first == null ? 0 : ms(first, last);
            if (replicas == trackerReplicas.getFirst()) {
                line("%n## Tracker throughput: N tracker replicas started and ready, then %d data-ready events published (4 threads; %d days"
                        + " of the DAG: upstream events and every job's output); first → last `recorded` log line%n", waiting, trackerPartitions);
                line("| tracker replicas | events recorded | jobs released | span | events/s | peak RSS per replica |");
                line("|---|---|---|---|---|---|");
            }
            List<String> rss = new ArrayList<>();
            for (ServiceProcesses.Replica r : processes.replicas()) {
                rss.add(String.format("%,d", peakRssKib(r.pid()) / 1024));
            }
            line("| %d | %,d | %,d | %,d ms | **%.0f** | %s MiB |", replicas, recorded, released, span, recorded * 1000.0 / Math.max(1, span),
                    String.join(", ", rss));
        } finally {
            processes.close();
            ctx.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Counts a phrase in the log of every replica of a service, reading only what was appended since the last look. */
    private static final class LogCounter {
        private final ServiceProcesses processes;
        private final ServiceProcesses.Service service;
        private final String phrase;
        private final Map<Path, Long> positions = new ConcurrentHashMap<>();
        private long count;

        LogCounter(ServiceProcesses processes, ServiceProcesses.Service service, String phrase) {
            this.processes = processes;
            this.service = service;
            this.phrase = phrase;
        }

        long count() throws IOException {
            for (ServiceProcesses.Replica r : processes.replicas()) {
                if (r.service() != service || !Files.exists(r.log())) {
                    continue;
                }
                try (RandomAccessFile f = new RandomAccessFile(r.log().toFile(), "r")) {
                    long pos = positions.getOrDefault(r.log(), 0L);
                    long len = f.length();
                    if (len <= pos) {
                        continue;
                    }
                    byte[] bytes = new byte[(int) (len - pos)];
                    f.seek(pos);
                    f.readFully(bytes);
                    int lastNewline = lastIndexOf(bytes, (byte) '\n');
                    if (lastNewline < 0) {
                        continue;
                    }
                    String text = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8);
                    for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
                        count++;
                    }
                    positions.put(r.log(), pos + lastNewline + 1);
                }
            }
            return count;
        }

        boolean await(long expected, Duration timeout, ServiceProcesses processes) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastPrint = 0;
            while (System.nanoTime() < deadline) {
                long n = count();
                if (n >= expected) {
                    return true;
                }
                if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                    System.out.printf("  %s: %,d / %,d job runs loaded%n", Instant.now(), n, expected);
                    lastPrint = System.nanoTime();
                }
                if (!processes.unexpectedExits().isEmpty()) {
                    throw new IllegalStateException("a service exited: " + processes.unexpectedExits() + "\n" + processes.logTails(30));
                }
                Thread.sleep(200);
            }
            return false;
        }

        private static int lastIndexOf(byte[] b, byte v) {
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == v) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static long[] queueDepth(ServiceContext ctx, String url) {
        var attrs = ctx.aws().sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new long[] {Long.parseLong(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Long.parseLong(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                Long.parseLong(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"))};
    }

    /** Waits until the queue holds nothing (visible, in flight or delayed) three looks in a row. */
    private static void awaitDrained(ServiceContext ctx, QueueRole role, Duration timeout) throws InterruptedException {
        String url = ctx.resources().queueUrl(role);
        long deadline = System.nanoTime() + timeout.toNanos();
        int empty = 0;
        while (System.nanoTime() < deadline && empty < 3) {
            long[] d = queueDepth(ctx, url);
            empty = d[0] + d[1] + d[2] == 0 ? empty + 1 : 0;
            Thread.sleep(200);
        }
        if (empty < 3) {
            throw new IllegalStateException("the " + role + " queue did not drain in " + timeout);
        }
    }

    private static boolean logContains(Path log, String phrase) throws IOException {
        return Files.exists(log) && Files.readString(log).contains(phrase);
    }

    /**
     * CPU clock ticks (1/100 s) used so far by each service replica, this JVM (the benchmark and DynamoDB Local, which
     * runs in it) and the fauxqs process (SNS, SQS, S3).
     */
    private Map<String, Long> cpuTicks(java.util.Collection<ServiceProcesses.Replica> replicas) {
        Map<String, Long> ticks = new java.util.LinkedHashMap<>();
        for (ServiceProcesses.Replica r : replicas) {
            ticks.put(r.name(), cpuTicks(r.pid()));
        }
        ticks.put("benchmark JVM with DynamoDB Local", cpuTicks(ProcessHandle.current().pid()));
        java.util.regex.Matcher fauxqs = java.util.regex.Pattern.compile("\\[pid (\\d+)").matcher(stack.describe());
        if (fauxqs.find()) {
            ticks.put("fauxqs (SNS, SQS, S3)", cpuTicks(Long.parseLong(fauxqs.group(1))));
        }
        return ticks;
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long peakRssKib(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static long ms(Instant from, Instant to) {
        return from == null || to == null ? 0 : Duration.between(from, to).toMillis();
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }
}
