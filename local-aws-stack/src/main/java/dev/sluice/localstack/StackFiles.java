package dev.sluice.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the stack writes its logs, and small file helpers. */
final class StackFiles {

    /** System property naming the log directory; by default {@code target/} of the working directory. */
    static final String LOG_DIR_PROPERTY = "sluice.stack.logDir";

    private StackFiles() {}

    /**
     * The log directory: {@code -Dsluice.stack.logDir}, else {@code ./target/local-aws-stack} when
     * {@code ./target} exists (a Maven module), else a folder under the temp directory.
     */
    static Path logDirectory() {
        String configured = System.getProperty(LOG_DIR_PROPERTY);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured);
        } else if (Files.isDirectory(Path.of("target"))) {
            dir = Path.of("target", "local-aws-stack");
        } else {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "sluice-local-aws-stack");
        }
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log directory " + dir.toAbsolutePath(), e);
        }
    }

    /** The last {@code maxLines} lines of a text file (from its last 64 KiB), for error messages; empty if unreadable. */
    static String tail(Path file, int maxLines) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, 64 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read the whole window
            }
            List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** The value of a system property or, failing that, of an environment variable; {@code null} if neither is set. */
    static String setting(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
