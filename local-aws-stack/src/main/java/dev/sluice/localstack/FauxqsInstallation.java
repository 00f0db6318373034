package dev.sluice.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder holding the fauxqs launcher ({@code server.mjs}, {@code package.json}, {@code package-lock.json})
 * and its {@code node_modules}, installed with {@code npm ci} on first use.
 *
 * <p>The folder is, in order: {@code -Dsluice.fauxqs.dir} or {@code SLUICE_FAUXQS_DIR}; the first
 * {@code local-aws-stack/fauxqs} (or {@code fauxqs} inside {@code local-aws-stack}) found walking up from the
 * working directory; else a copy of the launcher bundled in this jar, under {@code ~/.cache/sluice}.
 */
final class FauxqsInstallation {

    static final String LAUNCHER = "server.mjs";
    static final String DIR_PROPERTY = "sluice.fauxqs.dir";
    static final String DIR_ENV = "SLUICE_FAUXQS_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(FauxqsInstallation.class);
    private static final String MODULE = "local-aws-stack";
    private static final String FOLDER = "fauxqs";
    private static final String BUNDLED = "/dev/sluice/localstack/fauxqs/";
    private static final List<String> LAUNCHER_FILES = List.of(LAUNCHER, "package.json", "package-lock.json");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern FAUXQS_DEPENDENCY = Pattern.compile("\"fauxqs\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final Object JVM_LOCK = new Object();

    private final Path directory;

    private FauxqsInstallation(Path directory) {
        this.directory = directory;
    }

    /** Locates the launcher folder (see the class comment). */
    static FauxqsInstallation locate() {
        String configured = StackFiles.setting(DIR_PROPERTY, DIR_ENV);
        if (configured != null) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve(LAUNCHER))) {
                throw new IllegalStateException(DIR_ENV + " (or -D" + DIR_PROPERTY + ") is '" + configured
                        + "', but " + dir.resolve(LAUNCHER) + " does not exist");
            }
            return new FauxqsInstallation(dir);
        }
        return findInRepository(Path.of("").toAbsolutePath())
                .map(FauxqsInstallation::new)
                .orElseGet(() -> new FauxqsInstallation(extractBundled()));
    }

    Path directory() {
        return directory;
    }

    Path launcher() {
        return directory.resolve(LAUNCHER);
    }

    /** The fauxqs version that {@code package.json} pins. */
    String pinnedVersion() {
        return firstMatch(FAUXQS_DEPENDENCY, directory.resolve("package.json"))
                .orElseThrow(() -> new IllegalStateException(
                        directory.resolve("package.json") + " has no dependency on fauxqs"));
    }

    /**
     * Runs {@code npm ci} (falling back to {@code npm install}) unless the pinned fauxqs version is installed.
     * Safe against concurrent JVMs: they serialize on a lock file in the folder.
     */
    void ensureInstalled(NodeRuntime node, Path logFile) {
        String pinned = pinnedVersion();
        if (installedVersion().filter(pinned::equals).isPresent()) {
            return;
        }
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(directory.resolve(".npm-install.lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (installedVersion().filter(pinned::equals).isPresent()) {
                    return;
                }
                install(node, pinned, logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot install fauxqs in " + directory, e);
            }
        }
    }

    private void install(NodeRuntime node, String pinned, Path logFile) {
        Path npm = node.requireNpm();
        LOG.info("Installing fauxqs {} with npm in {} (once; output in {})", pinned, directory, logFile);
        long start = System.nanoTime();
        List<String> attempts = new ArrayList<>();
        for (String command : List.of("ci", "install")) {
            int exit = runNpm(npm, command, logFile);
            if (exit == 0 && installedVersion().filter(pinned::equals).isPresent()) {
                LOG.info("Installed fauxqs {} in {} ms", pinned, (System.nanoTime() - start) / 1_000_000);
                return;
            }
            attempts.add("npm " + command + " exited with " + exit);
        }
        throw new IllegalStateException("Could not install fauxqs " + pinned + " in " + directory + " ("
                + String.join(", ", attempts) + "). Is the npm registry reachable? Last lines of " + logFile + ":"
                + System.lineSeparator() + StackFiles.tail(logFile, 20));
    }

    private int runNpm(Path npm, String command, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(
                        npm.toString(), command, "--no-audit", "--no-fund", "--loglevel=error")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                ProcessTrees.destroy(process, Duration.ofSeconds(5));
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + npm + " " + command + " in " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running npm " + command + " in " + directory, e);
        }
    }

    private Optional<String> installedVersion() {
        return firstMatch(VERSION, directory.resolve("node_modules").resolve("fauxqs").resolve("package.json"));
    }

    static Optional<Path> findInRepository(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path inRepository = dir.resolve(MODULE).resolve(FOLDER);
            if (Files.isRegularFile(inRepository.resolve(LAUNCHER))) {
                return Optional.of(inRepository);
            }
            Path inModule = dir.resolve(FOLDER);
            if (dir.getFileName() != null
                    && dir.getFileName().toString().equals(MODULE)
                    && Files.isRegularFile(inModule.resolve(LAUNCHER))) {
                return Optional.of(inModule);
            }
        }
        return Optional.empty();
    }

    /** Copies the launcher bundled in the jar to a cache folder keyed by the content of its lock file. */
    private static Path extractBundled() {
        try {
            byte[] lock = readBundled("package-lock.json");
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock), 0, 6);
            Path target = Path.of(System.getProperty("user.home"), ".cache", "sluice", "fauxqs-" + key);
            Files.createDirectories(target);
            for (String file : LAUNCHER_FILES) {
                Path tmp = Files.createTempFile(target, file, ".tmp");
                Files.write(tmp, readBundled(file));
                Files.move(tmp, target.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            LOG.info("Using the fauxqs launcher bundled in the jar, copied to {}", target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the bundled fauxqs launcher; set " + DIR_ENV
                    + " to a folder holding " + LAUNCHER_FILES, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readBundled(String file) throws IOException {
        try (InputStream in = FauxqsInstallation.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) {
                throw new IOException("Resource " + BUNDLED + file + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    private static Optional<String> firstMatch(Pattern pattern, Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Matcher matcher = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
