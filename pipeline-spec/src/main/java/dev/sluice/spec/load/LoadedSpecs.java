package dev.sluice.spec.load;

import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.JobSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SpecLoader} read from a spec directory, before cross-file validation.
 *
 * @param root     the spec directory
 * @param datasets every dataset that parsed, with its location
 * @param jobs     every job that parsed, with its location
 * @param errors   syntax and shape errors found while reading
 * @param lines    the line of every node, for locating later errors
 */
public record LoadedSpecs(Path root, List<Located<DatasetSpec>> datasets, List<Located<JobSpec>> jobs,
                          List<SpecError> errors, LineIndex lines) {

    /** An error at {@code subPath} below a located value, with the line of that sub-path. */
    public SpecError errorAt(Located<?> where, String subPath, String message) {
        String full = subPath.isEmpty() ? where.path() : where.path() + "." + subPath;
        return new SpecError(where.file(), lines.lineOf(where.file(), full), full, message);
    }
}
