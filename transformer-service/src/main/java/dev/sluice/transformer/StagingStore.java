package dev.sluice.transformer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a transform's inputs come from and its output goes, for one URI scheme: {@link S3StagingStore} for
 * {@code s3://}, {@link LocalStagingStore} for {@code file:} (tests, benchmarks, local runs).
 */
public interface StagingStore {

    /** The URI scheme this store serves, e.g. {@code s3}. */
    String scheme();

    /**
     * What {@code location} names, in a stable order: every {@code *.parquet} object under it when it is a prefix
     * (ends with {@code /}); the one object when it names an object; nothing when that does not exist.
     */
    List<StoredObject> resolve(URI location);

    /**
     * {@link #resolve(URI)}, allowed to stop listing once the objects found add up to more than {@code maxBytes} (the
     * caller's input limit): then the sizes of what it returns exceed {@code maxBytes}, which is all the caller needs.
     */
    default List<StoredObject> resolve(URI location, long maxBytes) {
        return resolve(location);
    }

    /**
     * Local files holding {@code objects}, in their order: downloaded into {@code directory}, or the files
     * themselves when they are local already.
     */
    List<Path> fetch(List<StoredObject> objects, Path directory);

    /** Stores {@code file} at {@code target}, replacing what is there. */
    StoredObject store(Path file, URI target);

    /** An object of a store and its size in bytes. */
    record StoredObject(URI uri, long size) {}
}
