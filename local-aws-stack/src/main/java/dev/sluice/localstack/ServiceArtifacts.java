package dev.sluice.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * For the tests of a service's deployable artifacts (the Lambda zips that {@code package} builds under
 * {@code target/}): what a zip holds, its unzipped size, and running code from it alone in a fresh JVM.
 */
public final class ServiceArtifacts {
    /**
     * A tiny program run from the artifact's class path (the JDK's source-file mode): loads the handler class,
     * constructs it as Lambda's cold start does, and with {@code duckdb} opens DuckDB (its native from the jar).
     */
    private static final String HANDLER_CHECK = """
            public class HandlerCheck {
                public static void main(String[] args) throws Exception {
                    Class<?> handler = Class.forName(args[0]);
                    System.out.println("loaded " + handler.getName() + " from "
                            + handler.getProtectionDomain().getCodeSource().getLocation());
                    Object instance = handler.getConstructor().newInstance();
                    System.out.println("constructed " + instance.getClass().getName());
                    if (args.length > 1 && args[1].equals("prime")) {
                        System.out.println("primed: " + handler.getMethod("prime").invoke(instance));
                    }
                    if (args.length > 1 && args[1].equals("duckdb")) {
                        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                             var result = connection.createStatement().executeQuery("select 42")) {
                            result.next();
                            System.out.println("duckdb answered " + result.getInt(1));
                        }
                    }
                    System.exit(0);
                }
            }
            """;

    private ServiceArtifacts() {
    }

    /**
     * Constructs {@code handlerClass} in a fresh JVM from the unzipped package alone and calls its SnapStart priming
     * ({@code prime()}, what {@code beforeCheckpoint} runs) with the specs in {@code specs}; prints {@code primed: [...]}.
     */
    public static Run checkPriming(Path unzipped, String handlerClass, Path specs, Duration timeout) {
        try {
            Path source = Files.createTempDirectory("handler-check").resolve("HandlerCheck.java");
            Files.writeString(source, HANDLER_CHECK);
            List<String> command = List.of(javaExecutable(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath(unzipped), source.toString(), handlerClass, "prime");
            return run(command, Map.of("AWS_REGION", "us-east-1", "SLUICE_LOG_FORMAT", "text", "SLUICE_SPECS_DIR", specs.toString(),
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run in a child JVM printed (stdout and stderr, merged) and its exit status. */
    public record Run(int exitCode, String output) {
    }

    /** The names of a zip's entries. */
    public static List<String> entries(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes a zip takes once unzipped (what Lambda's 250 MB limit counts). */
    public static long unzippedBytes(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            long total = 0;
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getSize() < 0) {
                    throw new IllegalStateException(zip + ": entry " + entry.getName() + " has no recorded size");
                }
                total += entry.getSize();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of the jar {@code jarEntry} inside {@code zip} (e.g. the DuckDB jar in {@code lib/}). */
    public static List<String> entriesOfNestedJar(Path zip, String jarEntry) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(jarEntry);
            if (entry == null) {
                throw new IllegalArgumentException(zip + " holds no " + jarEntry);
            }
            List<String> names = new ArrayList<>();
            try (ZipInputStream in = new ZipInputStream(file.getInputStream(entry))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    names.add(e.getName());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unzips {@code zip} into {@code dir} (as Lambda does into {@code /var/task}); returns {@code dir}. */
    public static Path unzip(Path zip, Path dir) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException(zip + ": entry " + entry.getName() + " leaves the target directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path of an unzipped Lambda package: its root and {@code lib/*}, as Lambda's Java runtime sets it. */
    public static String classPath(Path unzipped) {
        return unzipped + java.io.File.pathSeparator + unzipped.resolve("lib") + java.io.File.separator + "*";
    }

    /**
     * Loads and constructs {@code handlerClass} in a fresh JVM whose class path is the unzipped package alone (plus a
     * one-file check program), with {@code AWS_REGION} set as in Lambda; with {@code openDuckDb} also runs a DuckDB
     * query.
     */
    public static Run checkHandler(Path unzipped, String handlerClass, boolean openDuckDb, Duration timeout) {
        try {
            Path source = Files.createTempDirectory("handler-check").resolve("HandlerCheck.java");
            Files.writeString(source, HANDLER_CHECK);
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath(unzipped), source.toString(), handlerClass));
            if (openDuckDb) {
                command.add("duckdb");
            }
            return run(command, Map.of("AWS_REGION", "us-east-1", "SLUICE_LOG_FORMAT", "text"), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code mainClass} from the unzipped package alone in a fresh JVM, with {@code environment} added to this
     * process's; stdout and stderr go to {@code log}.
     */
    public static Process start(Path unzipped, String mainClass, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", classPath(unzipped), mainClass)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code java} of the JDK running this JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Run run(List<String> command, Map<String, String> environment, Duration timeout) throws IOException {
        Path log = Files.createTempFile("handler-check", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTrees.destroy(process, Duration.ofSeconds(5));
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
