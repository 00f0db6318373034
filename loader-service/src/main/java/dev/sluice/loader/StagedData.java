package dev.sluice.loader;

import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The staged Parquet files of one output: their S3 objects, and local copies downloaded once on first use and
 * shared by every target that reads rows (JDBC, OpenSearch). S3 targets copy the objects without downloading.
 */
public final class StagedData {

    private final StagedOutput staged;
    private final Supplier<S3Transfer> transfer;
    private final Path directory;
    private List<S3ObjectRef> objects;
    private List<Path> localFiles;

    /**
     * @param directory a directory the output owns for the run (created on demand); the worker deletes it afterwards
     */
    public StagedData(StagedOutput staged, Supplier<S3Transfer> transfer, Path directory) {
        this.staged = Objects.requireNonNull(staged, "staged");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Staged data already on local disk, e.g. in tests of one target. */
    public static StagedData local(StagedOutput staged, List<Path> files, Path directory) {
        StagedData data = new StagedData(staged, () -> {
            throw new IllegalStateException("local staged data has no S3 transfer");
        }, directory);
        data.localFiles = List.copyOf(files);
        return data;
    }

    public StagedOutput staged() {
        return staged;
    }

    /** The staged objects with their sizes, in the order of {@link StagedOutput#files()}. */
    public synchronized List<S3ObjectRef> objects() {
        if (objects == null) {
            List<S3ObjectRef> found = new ArrayList<>();
            for (URI file : staged.files()) {
                S3Uri uri = S3Uri.parse(file.toString());
                List<S3ObjectRef> resolved = transfer.get().resolve(uri);
                if (resolved.size() != 1 || !resolved.getFirst().uri().equals(uri)) {
                    throw new StorageException("staged file " + uri + " of " + staged.name() + " does not exist", 404,
                            false, null);
                }
                found.add(resolved.getFirst());
            }
            objects = List.copyOf(found);
        }
        return objects;
    }

    /** Local copies of the staged files, downloaded on first call. */
    public synchronized List<Path> localFiles() {
        if (localFiles == null) {
            localFiles = transfer.get().download(objects(), directory.resolve("staged")).stream()
                    .map(S3Transfer.Downloaded::file).toList();
        }
        return localFiles;
    }

    /** A fresh scratch directory under the output's directory, e.g. for a CSV to COPY. */
    public Path scratch(String name) {
        Path dir = directory.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
        return dir;
    }
}
