package dev.sluice.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-run local work directories of the stages (Lambda's {@code /tmp}, a container's temp space). */
public final class WorkDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectories.class);

    private WorkDirectories() {
    }

    /** A new directory {@code <root>/<prefix>NNNN}; the root is created if needed. */
    public static Path create(Path root, String prefix) {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a work directory under " + root, e);
        }
    }

    /** Deletes {@code dir} and everything in it; best effort, failures are logged, never thrown. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not clean {}: {}", dir, e.getMessage());
        }
    }
}
