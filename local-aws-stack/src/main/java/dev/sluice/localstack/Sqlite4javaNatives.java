package dev.sluice.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sqlite4java's native library (which DynamoDB Local needs) loadable, by setting
 * {@code sqlite4java.library.path} to a folder that holds it.
 *
 * <p>In order: the folder already in that property, if it holds the library of this platform; the build's
 * {@code target/native-libs} (copied there by maven-dependency-plugin); else the native artifact found on the
 * classpath or in the local Maven repository, copied into a temporary folder.
 */
final class Sqlite4javaNatives {

    static final String LIBRARY_PATH_PROPERTY = "sqlite4java.library.path";
    static final String DEFAULT_VERSION = "1.0.392";

    private static final Logger LOG = LoggerFactory.getLogger(Sqlite4javaNatives.class);
    private static final Pattern JAR_VERSION = Pattern.compile("sqlite4java-(\\d[\\w.\\-]*)\\.jar");

    private Sqlite4javaNatives() {}

    /** Ensures {@code sqlite4java.library.path} points at this platform's library; returns that folder. */
    static synchronized Path ensureLibraryPath() {
        Platform platform = Platform.current();
        String version = sqlite4javaVersion();
        String fileName = platform.fileName(version);

        String configured = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (Files.isRegularFile(dir.resolve(fileName))) {
                return dir;
            }
            LOG.debug("{}={} holds no {}; looking elsewhere", LIBRARY_PATH_PROPERTY, configured, fileName);
        }
        Path built = Path.of("target", "native-libs").toAbsolutePath();
        if (Files.isRegularFile(built.resolve(fileName))) {
            return use(built);
        }
        Path artifact = findOnClasspath(fileName)
                .or(() -> findInLocalRepository(platform, version, fileName))
                .orElseThrow(() -> new IllegalStateException("sqlite4java's native library " + fileName
                        + " (needed by DynamoDB Local) is neither in -D" + LIBRARY_PATH_PROPERTY
                        + ", nor in target/native-libs, nor on the classpath, nor in the local Maven repository;"
                        + " resolve com.almworks.sqlite4java:" + platform.artifactId() + ":" + version + ":"
                        + platform.extension()));
        return use(copyToTempDirectory(artifact, fileName));
    }

    private static Path use(Path dir) {
        System.setProperty(LIBRARY_PATH_PROPERTY, dir.toString());
        LOG.debug("{}={}", LIBRARY_PATH_PROPERTY, dir);
        return dir;
    }

    /** The sqlite4java version, from the name of its jar on the classpath. */
    private static String sqlite4javaVersion() {
        try {
            Class<?> type = Class.forName("com.almworks.sqlite4java.SQLiteConnection");
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Matcher matcher = JAR_VERSION.matcher(Path.of(source.getLocation().toURI()).getFileName().toString());
                if (matcher.matches()) {
                    return matcher.group(1);
                }
            }
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
            LOG.debug("Cannot tell the sqlite4java version, assuming {}: {}", DEFAULT_VERSION, e.toString());
        }
        return DEFAULT_VERSION;
    }

    private static Optional<Path> findOnClasspath(String fileName) {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().equals(fileName) && Files.isRegularFile(path)) {
                return Optional.of(path);
            }
            if (Files.isRegularFile(path.resolveSibling(fileName))) {
                return Optional.of(path.resolveSibling(fileName));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> findInLocalRepository(Platform platform, String version, String fileName) {
        List<Path> repositories = new ArrayList<>();
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            repositories.add(Path.of(configured));
        }
        repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
        return repositories.stream()
                .map(repository -> repository.resolve(Path.of("com", "almworks", "sqlite4java",
                        platform.artifactId(), version, fileName)))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static Path copyToTempDirectory(Path artifact, String fileName) {
        try {
            Path dir = Files.createTempDirectory("sluice-sqlite4java-");
            dir.toFile().deleteOnExit(); // registered first, so deleted after the file
            Path target = dir.resolve(fileName);
            Files.copy(artifact, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            LOG.debug("Copied {} to {}", artifact, target);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + artifact + " to a temporary folder", e);
        }
    }

    /** The sqlite4java native artifact of an operating system and architecture. */
    record Platform(String artifactId, String libraryName, String extension) {

        static Platform current() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
            if (os.contains("linux")) {
                return x64
                        ? new Platform("libsqlite4java-linux-amd64", "sqlite4java-linux-amd64", "so")
                        : new Platform("libsqlite4java-linux-i386", "sqlite4java-linux-i386", "so");
            }
            if (os.contains("mac") || os.contains("darwin")) {
                return new Platform("libsqlite4java-osx", "sqlite4java-osx", "dylib");
            }
            if (os.contains("windows")) {
                return x64
                        ? new Platform("sqlite4java-win32-x64", "sqlite4java-win32-x64", "dll")
                        : new Platform("sqlite4java-win32-x86", "sqlite4java-win32-x86", "dll");
            }
            throw new IllegalStateException("sqlite4java (DynamoDB Local) has no native library for " + os + "/" + arch);
        }

        /** The file name sqlite4java loads, which is also the name of the Maven artifact's file. */
        String fileName(String version) {
            return System.mapLibraryName(libraryName + "-" + version);
        }
    }
}
