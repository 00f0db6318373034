package dev.sluice.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Node.js executables the fauxqs emulator needs: {@code node}, and {@code npm} to install its package.
 *
 * <p>Found through {@code -Dsluice.node} / {@code SLUICE_NODE} and {@code -Dsluice.npm} / {@code SLUICE_NPM}
 * when set, otherwise on the {@code PATH} ({@code npm} preferably next to {@code node}).
 */
record NodeRuntime(Path node, Path npm) {

    static final int MIN_NODE_MAJOR = 20;

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** Finds {@code node}; {@code npm} is looked up only when {@link #requireNpm()} is called. */
    static NodeRuntime locate() {
        Path node = configured("sluice.node", "SLUICE_NODE")
                .or(() -> onPath("node"))
                .orElseThrow(() -> new IllegalStateException("Node.js not found on PATH: install Node >= "
                        + MIN_NODE_MAJOR + " to run the local AWS stack (or set SLUICE_NODE to the node executable)"));
        Path npm = configured("sluice.npm", "SLUICE_NPM")
                .or(() -> besides(node, "npm"))
                .or(() -> onPath("npm"))
                .orElse(null);
        return new NodeRuntime(node, npm);
    }

    Path requireNpm() {
        if (npm == null) {
            throw new IllegalStateException("npm not found next to " + node + " nor on PATH: it is needed once to"
                    + " install the fauxqs emulator (or set SLUICE_NPM to the npm executable)");
        }
        return npm;
    }

    private static Optional<Path> configured(String property, String environmentVariable) {
        String value = StackFiles.setting(property, environmentVariable);
        if (value == null) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(environmentVariable + " (or -D" + property + ") is set to '" + value
                    + "', which is not an executable file");
        }
        return Optional.of(path);
    }

    private static Optional<Path> besides(Path executable, String name) {
        Path dir = executable.toAbsolutePath().getParent();
        return dir == null ? Optional.empty() : candidates(dir, name).stream().findFirst();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            List<Path> found = candidates(Path.of(entry), name);
            if (!found.isEmpty()) {
                return Optional.of(found.getFirst());
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(Path dir, String name) {
        List<String> names = WINDOWS ? List.of(name + ".exe", name + ".cmd") : List.of(name);
        List<Path> found = new ArrayList<>();
        for (String candidate : names) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                found.add(file);
            }
        }
        return found;
    }
}
