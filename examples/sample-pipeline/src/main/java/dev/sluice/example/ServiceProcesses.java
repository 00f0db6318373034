package dev.sluice.example;

import dev.sluice.localstack.ServiceArtifacts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The four services, each as its own OS process (and {@code replicas} of each) from its packaged artifact: the
 * Lambda zip that {@code ./mvnw package} builds under {@code <module>/target/}, unzipped once, run in container mode
 * as {@code ./sluice serve} runs it. Each replica gets the settings a container would get in its environment, its
 * own work directory, and a log file (JSON lines) that survives its restarts.
 */
public final class ServiceProcesses implements ServiceFleet {
    /** A service: its module, its container entry point. */
    public enum Service {
        TRACKER("dependency-tracker", "dev.sluice.tracker.TrackerService"),
        EXTRACTOR("extractor-service", "dev.sluice.extractor.service.ExtractorService"),
        TRANSFORMER("transformer-service", "dev.sluice.transformer.service.TransformerService"),
        LOADER("loader-service", "dev.sluice.loader.service.LoaderService");

        private final String module;
        private final String mainClass;

        Service(String module, String mainClass) {
            this.module = module;
            this.mainClass = mainClass;
        }

        public String module() {
            return module;
        }

        /** The package {@code ./mvnw package} builds: one zip for the tracker, one per architecture for the DuckDB services. */
        Path zip(Path repoRoot) {
            String name = this == TRACKER ? module + "-lambda.zip" : module + "-lambda-" + architecture() + ".zip";
            return repoRoot.resolve(module).resolve("target").resolve(name);
        }
    }

    /** One running copy of a service. */
    public final class Replica {
        private final Service service;
        private final int index;
        private final Path log;
        private Process process;
        private int starts;
        private long startedAtMillis;

        private final List<String> extraJvmOptions;

        private Replica(Service service, int index, List<String> extraJvmOptions) {
            this.service = service;
            this.index = index;
            this.extraJvmOptions = List.copyOf(extraJvmOptions);
            this.log = workDir.resolve("logs").resolve(service.module() + "-" + index + ".log");
        }

        public Service service() {
            return service;
        }

        public String name() {
            return service.module() + "#" + index;
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        public int starts() {
            return starts;
        }

        /** When its current process was started (epoch milliseconds, just before the fork). */
        public long startedAtMillis() {
            return startedAtMillis;
        }

        public Path log() {
            return log;
        }

        @Override
        public String toString() {
            return name() + (process == null ? "" : " (pid " + process.pid() + ")");
        }
    }

    private final Path repoRoot;
    private final Path workDir;
    private final int replicasPerService;
    private final List<String> jvmOptions;
    private final List<Replica> replicas = new ArrayList<>();
    private final Set<Replica> killed = ConcurrentHashMap.newKeySet();
    private Map<String, String> settings;

    /**
     * @param repoRoot           the checkout whose {@code <module>/target/} holds the packages
     * @param workDir            where the packages are unzipped and the replicas keep their work and logs
     * @param replicasPerService how many processes of each service run at once (at least 1)
     * @param jvmOptions         the options of each service JVM (heap size, GC)
     */
    public ServiceProcesses(Path repoRoot, Path workDir, int replicasPerService, List<String> jvmOptions) {
        if (replicasPerService < 1) {
            throw new IllegalArgumentException("replicas per service must be at least 1, not " + replicasPerService);
        }
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.replicasPerService = replicasPerService;
        this.jvmOptions = List.copyOf(jvmOptions);
        // Children outlive a JVM that exits without close() (an interrupted test): kill them on the way out.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> replicas.stream().filter(Replica::alive)
                .forEach(r -> r.process.destroyForcibly()), "service-processes-cleanup"));
    }

    /** The JVM options {@code ./sluice serve} uses, with a heap of {@code maxHeap} (for example {@code 512m}). */
    public static List<String> defaultJvmOptions(String maxHeap) {
        return List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx" + maxHeap, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dio.netty.noUnsafe=false", "--enable-native-access=ALL-UNNAMED");
    }

    /**
     * The checkout the sample runs from: the system property {@code sluice.repo.root}, else the first of the working
     * directory and its parents that holds {@code dependency-tracker/pom.xml}.
     */
    public static Path repoRoot() {
        String configured = System.getProperty("sluice.repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dependency-tracker").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Sluice checkout around " + Path.of("").toAbsolutePath()
                + " (no dependency-tracker/pom.xml here or above); set -Dsluice.repo.root=DIR");
    }

    @Override
    public String start(Map<String, String> settings) {
        prepare(settings);
        for (Service service : Service.values()) {
            for (int i = 1; i <= replicasPerService; i++) {
                startReplica(service);
            }
        }
        return replicasPerService + " process(es) each of dependency-tracker, extractor, transformer and loader, from their packages"
                + " (logs in " + workDir.resolve("logs") + ")";
    }

    /** Unzips every package (once) and keeps {@code settings} for the replicas started later; starts nothing. */
    public void prepare(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        try {
            Files.createDirectories(workDir.resolve("logs"));
            for (Service service : Service.values()) {
                Path zip = service.zip(repoRoot);
                if (!Files.isRegularFile(zip)) {
                    throw new IllegalStateException("no package of " + service.module() + " at " + zip + ": build it with ./mvnw -pl "
                            + service.module() + " -am package -DskipTests");
                }
                Path unzipped = workDir.resolve("artifacts").resolve(service.module());
                if (!Files.isDirectory(unzipped)) {
                    ServiceArtifacts.unzip(zip, Files.createDirectories(unzipped));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts one more replica of {@code service} (after {@link #prepare}). */
    public Replica startReplica(Service service) {
        return startReplica(service, List.of());
    }

    /** Starts one more replica of {@code service} with {@code extraJvmOptions} besides the fleet's (after {@link #prepare}). */
    public Replica startReplica(Service service, List<String> extraJvmOptions) {
        if (settings == null) {
            throw new IllegalStateException("prepare(settings) first");
        }
        int index = (int) replicas.stream().filter(r -> r.service == service).count() + 1;
        Replica replica = new Replica(service, index, extraJvmOptions);
        replicas.add(replica);
        launch(replica);
        return replica;
    }

    /** Every replica, in a fixed order (service, then index). */
    public List<Replica> replicas() {
        return List.copyOf(replicas);
    }

    /** Kills {@code replica} with SIGKILL, as a crash or an out-of-memory kill would, and waits until it is gone. */
    public void kill(Replica replica) {
        killed.add(replica);
        replica.process.destroyForcibly();
        try {
            if (!replica.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(replica + " outlived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts {@code replica} again (after a kill or an exit). */
    public void restart(Replica replica) {
        if (replica.alive()) {
            throw new IllegalStateException(replica + " is still running");
        }
        launch(replica);
        killed.remove(replica);
    }

    /** The last {@code lines} lines of every replica's log, for a report when something went wrong. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Replica r : replicas) {
            out.append("--- ").append(r).append(r.alive() ? "" : " (not running)").append(", ").append(r.log).append('\n');
            try {
                List<String> all = Files.exists(r.log) ? Files.readAllLines(r.log) : List.of();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    /** Starts again every replica that {@link #kill} stopped and nobody restarted yet. */
    public void restartKilled() {
        replicas.stream().filter(r -> killed.contains(r) && !r.alive()).forEach(this::restart);
    }

    /** The replicas that exited although nobody killed them (a crash of its own), with their exit status. */
    public List<String> unexpectedExits() {
        List<String> out = new ArrayList<>();
        for (Replica r : replicas) {
            if (r.process != null && !r.process.isAlive() && !killed.contains(r)) {
                out.add(r.name() + " exited with status " + r.process.exitValue() + " (log " + r.log + ")");
            }
        }
        return out;
    }

    private void launch(Replica replica) {
        Service service = replica.service;
        Path unzipped = workDir.resolve("artifacts").resolve(service.module());
        List<String> command = new ArrayList<>();
        command.add(ServiceArtifacts.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(replica.extraJvmOptions);
        // lib/* alone, as ./sluice serve and the images run it (a class-data-sharing archive refuses directories on the path).
        command.addAll(List.of("-cp", unzipped.resolve("lib") + File.separator + "*", service.mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(replica.log.toFile()));
        builder.environment().putAll(settings);
        builder.environment().put("SLUICE_WORK_DIR", workDir.resolve("work").resolve(service.module() + "-" + replica.index).toString());
        try {
            replica.startedAtMillis = System.currentTimeMillis();
            replica.process = builder.start();
            replica.starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + replica.name() + ": " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        // SIGTERM: each service stops polling and finishes or releases its messages in work (ContainerService).
        replicas.stream().filter(Replica::alive).forEach(r -> r.process.destroy());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Replica r : replicas) {
            try {
                if (r.process != null && !r.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    r.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r.process.destroyForcibly();
            }
        }
    }

    private static String architecture() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no service package for this machine's architecture (" + System.getProperty("os.arch") + ")");
        };
    }
}
