package dev.sluice.loader.s3;

import dev.sluice.contracts.StagedOutput;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.loader.DatasetPublisher;
import dev.sluice.loader.LoadRequest;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetResult;
import dev.sluice.runtime.aws.AwsClients;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code s3-parquet} target: publishes an output as a Parquet dataset under a base location, in the two phases
 * of a {@link DatasetPublisher}.
 * <ol>
 *   <li>{@link #prepare}: copy the staged files (server-side CopyObject; multipart UploadPartCopy above 5 GiB) under the run's own prefix {@code .../run=<runId>/part-NNNNN.parquet}, then write the manifest
 *       {@code .../_manifests/<generation>-<runId>.json} listing them. Nothing a reader follows changes yet.</li>
 *   <li>{@link Prepared#commit}: move the partition's CURRENT pointer ({@link DatasetVersionStore}) to this generation,
 *       only if it is newer than the current one.</li>
 * </ol>
 * A pointer already at this generation means a redelivery: nothing is written ({@link TargetResult.Status#UNCHANGED}).
 * A newer generation current means this run is superseded: its files and manifest are deleted again and nothing
 * visible changed ({@link TargetResult.Status#SUPERSEDED}).
 *
 * <p>The dataset's own location ({@code s3://<env bucket>/datasets/}, pointer in the {@code dataset-versions} table)
 * is always a target; {@code type: s3-parquet} adds copies elsewhere, whose pointer is their greatest manifest.
 */
public final class S3ParquetTarget implements LoadTarget, DatasetPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(S3ParquetTarget.class);
    private static final int COPY_PARALLELISM = 8;
    /** The largest object one CopyObject request copies (S3's limit: 5 GiB); larger ones are copied in parts. */
    public static final long SINGLE_COPY_LIMIT_BYTES = 5L * 1024 * 1024 * 1024;

    private final DatasetLayout layout;
    private final DatasetVersionStore versions;
    private final Supplier<AwsClients> aws;
    private final Clock clock;

    public S3ParquetTarget(DatasetLayout layout, DatasetVersionStore versions, Supplier<AwsClients> aws, Clock clock) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.aws = Objects.requireNonNull(aws, "aws");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DatasetLayout layout() {
        return layout;
    }

    @Override
    public String describe() {
        return "s3-parquet " + layout.base();
    }

    @Override
    public TargetResult load(LoadRequest request) {
        return prepare(request).commit();
    }

    /**
     * A prepared publication of this target: either final already ({@link #done()} set: unchanged or superseded), or
     * files and manifest written and waiting for {@link #commit()}.
     */
    public final class Prepared implements Publication {
        private final LoadRequest request;
        private final TargetResult done;
        private final DatasetManifest manifest;
        private final S3Uri manifestUri;

        private Prepared(LoadRequest request, TargetResult done, DatasetManifest manifest, S3Uri manifestUri) {
            this.request = request;
            this.done = done;
            this.manifest = manifest;
            this.manifestUri = manifestUri;
        }

        public LoadRequest request() {
            return request;
        }

        /** The outcome known at preparation (unchanged or superseded), or {@code null} when a commit is due. */
        public TargetResult done() {
            return done;
        }

        @Override
        public TargetResult commit() {
            return done != null ? done : advance(this);
        }
    }

    /** Copies the files and writes the manifest, unless the pointer is at this generation or a newer one already. */
    @Override
    public Prepared prepare(LoadRequest request) {
        String dataset = request.dataset();
        Optional<DatasetVersionStore.CurrentVersion> current = versions.current(dataset, request.partition());
        if (current.isPresent() && current.get().version() > request.generation()) {
            return new Prepared(request, superseded(request, current.get()), null, null);
        }
        if (current.isPresent() && current.get().version() == request.generation()) {
            DatasetVersionStore.CurrentVersion c = current.get();
            DatasetManifest stored = c.manifest() == null ? null : readManifest(S3Uri.parse(c.manifest().toString())).orElse(null);
            return new Prepared(request, unchanged(request, c, stored), stored, null);
        }
        S3Uri manifestUri = layout.manifest(dataset, request.partition(), request.generation(), request.runId());
        Optional<DatasetManifest> written = readManifest(manifestUri);
        if (written.isPresent() && written.get().runId().equals(request.runId())) {
            LOG.info("{} {} generation {}: manifest {} written by an earlier attempt, files in place", dataset,
                    request.partition().key(), request.generation(), manifestUri);
            return new Prepared(request, null, written.get(), manifestUri);
        }
        long started = System.nanoTime();
        List<DatasetManifest.File> files = copy(request);
        StagedOutput staged = request.staged();
        long bytes = files.stream().mapToLong(DatasetManifest.File::bytes).sum();
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.VERSION, dataset, request.partition(),
                request.partition().key(), request.generation(), request.runId(), request.job(), clock.instant(),
                "parquet", layout.run(dataset, request.partition(), request.runId()).toUri(), staged.rowCount(), bytes,
                staged.schema(), files);
        putManifest(manifestUri, manifest);
        LOG.info("{} {} generation {}: copied {} file(s), {} bytes, manifest {} in {} ms", dataset, request.partition().key(),
                request.generation(), files.size(), bytes, manifestUri, (System.nanoTime() - started) / 1_000_000);
        return new Prepared(request, null, manifest, manifestUri);
    }

    /** Moves the partition's pointer to the prepared generation if it is still the newest. */
    private TargetResult advance(Prepared prepared) {
        LoadRequest request = prepared.request;
        DatasetManifest manifest = prepared.manifest;
        DatasetVersionStore.Advance advance = versions.advance(new DatasetVersionStore.DatasetPointer(request.dataset(),
                request.partition(), request.generation(), prepared.manifestUri.toUri(), manifest.location(),
                request.staged().schema().fingerprint(), request.runId(), request.job(), manifest.rowCount(),
                manifest.bytes(), clock.instant()));
        return switch (advance.outcome()) {
            case APPLIED -> new TargetResult(TargetResult.Status.LOADED, manifest.rowCount(), "generation "
                    + request.generation() + " is current: " + prepared.manifestUri, request.generation(),
                    prepared.manifestUri.toUri(), manifest.location(), manifest.bytes());
            case SAME_VERSION -> unchanged(request, advance.current(), manifest);
            case NEWER_PRESENT -> {
                // Nothing references this run's files: remove them, so that nothing of it stays behind.
                deleteQuietly(layout.run(request.dataset(), request.partition(), request.runId()), prepared.manifestUri);
                yield superseded(request, advance.current());
            }
        };
    }

    private TargetResult superseded(LoadRequest request, DatasetVersionStore.CurrentVersion current) {
        return TargetResult.superseded(current.version(), "generation " + current.version() + " (run " + current.runId()
                + ") is current in " + layout.base() + ", newer than " + request.generation());
    }

    private TargetResult unchanged(LoadRequest request, DatasetVersionStore.CurrentVersion current, DatasetManifest stored) {
        long rows = stored != null ? stored.rowCount() : request.staged().rowCount();
        long bytes = stored != null ? stored.bytes() : request.staged().bytes();
        URI location = stored != null ? stored.location() : current.location();
        return new TargetResult(TargetResult.Status.UNCHANGED, rows, "generation " + request.generation()
                + " is current already (run " + current.runId() + ")", request.generation(), current.manifest(), location, bytes);
    }

    /**
     * Server-side copies, {@value #COPY_PARALLELISM} at a time: one CopyObject request per file up to
     * {@link #SINGLE_COPY_LIMIT_BYTES} (S3's limit for it), a multipart copy (UploadPartCopy, through the multipart
     * async client) above.
     */
    private List<DatasetManifest.File> copy(LoadRequest request) {
        List<S3ObjectRef> sources = request.data().objects();
        List<DatasetManifest.File> files = new ArrayList<>();
        List<CompletableFuture<?>> copies = new ArrayList<>();
        Long rowsOfSingleFile = sources.size() == 1 ? request.staged().rowCount() : null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(COPY_PARALLELISM, sources.size())), r -> {
            Thread t = new Thread(r, "s3-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < sources.size(); i++) {
                S3ObjectRef source = sources.get(i);
                S3Uri target = layout.file(request.dataset(), request.partition(), request.runId(), i);
                files.add(new DatasetManifest.File(target.toUri(), source.size(), rowsOfSingleFile));
                if (source.size() > SINGLE_COPY_LIMIT_BYTES) {
                    copies.add(aws.get().s3Async().copyObject(b -> b.sourceBucket(source.uri().bucket()).sourceKey(source.uri().key())
                            .destinationBucket(target.bucket()).destinationKey(target.key())));
                } else {
                    copies.add(CompletableFuture.runAsync(() -> aws.get().s3().copyObject(b -> b.sourceBucket(source.uri().bucket())
                            .sourceKey(source.uri().key()).destinationBucket(target.bucket()).destinationKey(target.key())), pool));
                }
            }
            for (int i = 0; i < copies.size(); i++) {
                try {
                    copies.get(i).join();
                } catch (RuntimeException e) {
                    throw S3Errors.classify("copy " + sources.get(i).uri() + " to " + files.get(i).uri(), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return files;
    }

    private void putManifest(S3Uri uri, DatasetManifest manifest) {
        try {
            aws.get().s3().putObject(b -> b.bucket(uri.bucket()).key(uri.key()).contentType("application/json"),
                    RequestBody.fromBytes(manifest.toJson()));
        } catch (RuntimeException e) {
            throw S3Errors.classify("write the manifest " + uri, e);
        }
    }

    /** The manifest at {@code uri}, or empty when there is none. */
    public Optional<DatasetManifest> readManifest(S3Uri uri) {
        try {
            byte[] json = aws.get().s3().getObjectAsBytes(b -> b.bucket(uri.bucket()).key(uri.key())).asByteArray();
            return Optional.of(DatasetManifest.fromJson(json));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Errors.classify("read the manifest " + uri, e);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("ignoring the unreadable manifest {}: {}", uri, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            throw S3Errors.classify("read the manifest " + uri, e);
        }
    }

    private void deleteQuietly(S3Uri runPrefix, S3Uri manifest) {
        try {
            aws.get().s3().deleteObject(b -> b.bucket(manifest.bucket()).key(manifest.key()));
            new S3Transfer(aws.get()).deletePrefix(runPrefix);
        } catch (RuntimeException e) {
            LOG.warn("could not delete the superseded files under {}: {}", runPrefix, e.getMessage());
        }
    }
}
