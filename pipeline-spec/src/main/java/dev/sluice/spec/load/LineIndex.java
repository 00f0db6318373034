package dev.sluice.spec.load;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The line of every YAML node of every spec file, by file and path. */
public final class LineIndex {
    private final Map<Path, Map<String, Integer>> lines = new HashMap<>();

    void put(Path file, String path, int line) {
        lines.computeIfAbsent(file, f -> new HashMap<>()).put(path, line);
    }

    /**
     * The line of {@code path} in {@code file}; for a path that is absent from the file (a missing
     * field), the line of its nearest present ancestor.
     */
    public int lineOf(Path file, String path) {
        Map<String, Integer> byPath = lines.getOrDefault(file, Map.of());
        String p = path;
        while (true) {
            Integer line = byPath.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = parent(p);
        }
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
