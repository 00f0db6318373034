package dev.sluice.spec.load;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in the specs, located by file, line and path.
 *
 * @param file    the spec (or SQL) file
 * @param line    1-based line, or 0 when unknown
 * @param path    the path inside the file, for example {@code jobs[1].inputs[0].dataset}
 * @param message what is wrong, naming the offending value
 */
public record SpecError(Path file, int line, String path, String message) {
    public static final Comparator<SpecError> ORDER = Comparator
            .comparing((SpecError e) -> e.file().toString())
            .thenComparingInt(SpecError::line)
            .thenComparing(SpecError::path)
            .thenComparing(SpecError::message);

    public SpecError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code specs/jobs.yaml:12: jobs[0].inputs[1].dataset: unknown dataset 'x'} */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
