package dev.sluice.spec.load;

import java.nio.file.Path;

/**
 * A value read from a spec file, with where it came from.
 *
 * @param value the value
 * @param file  the spec file
 * @param path  its path in the file, for example {@code jobs[2]}
 * @param line  its 1-based line
 */
public record Located<T>(T value, Path file, String path, int line) {
    public SpecError error(String subPath, int subLine, String message) {
        return new SpecError(file, subLine, subPath.isEmpty() ? path : path + "." + subPath, message);
    }
}
