package dev.sluice.transformer;

import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Inputs and outputs in S3, moved with {@link S3Transfer}: downloads run in parallel (bounded by the transfer's
 * parallelism), uploads of large files go in parts. Failures are {@link dev.sluice.dataplane.StorageException}s,
 * retryable for network errors, throttling and 5xx.
 *
 * <p>A location is an {@code s3://bucket/key} URI: a prefix ending with {@code /} (its {@code *.parquet} objects,
 * at any depth), a glob such as {@code s3://b/orders/date=2026-11-*}{@code /*.parquet} (every match), or one object.
 */
public final class S3StagingStore implements StagingStore {

    private final S3Transfer transfer;

    public S3StagingStore(S3Transfer transfer) {
        this.transfer = Objects.requireNonNull(transfer, "transfer");
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public List<StoredObject> resolve(URI location) {
        return resolve(location, Long.MAX_VALUE);
    }

    @Override
    public List<StoredObject> resolve(URI location, long maxBytes) {
        S3Uri uri = S3Uri.parse(location.toString());
        boolean prefix = uri.key().isEmpty() || uri.key().endsWith("/");
        return transfer.resolve(uri, key -> !prefix || key.endsWith(".parquet"), maxBytes).stream()
                .map(o -> new StoredObject(o.uri().toUri(), o.size()))
                .toList();
    }

    @Override
    public List<Path> fetch(List<StoredObject> objects, Path directory) {
        List<S3ObjectRef> refs = objects.stream()
                .map(o -> new S3ObjectRef(S3Uri.parse(o.uri().toString()), o.size()))
                .toList();
        return transfer.download(refs, directory).stream().map(S3Transfer.Downloaded::file).toList();
    }

    @Override
    public StoredObject store(Path file, URI target) {
        S3ObjectRef stored = transfer.upload(file, S3Uri.parse(target.toString()));
        return new StoredObject(stored.uri().toUri(), stored.size());
    }
}
