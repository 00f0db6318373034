package dev.sluice.dataplane;

import dev.sluice.runtime.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves data between S3 and local files: DuckDB has no S3 access here (no {@code httpfs}), so the data plane
 * downloads its inputs to local temp space and uploads what it writes.
 *
 * <ul>
 *   <li>Uploads go through {@link AwsClients#s3Async()}, which sends large files in parts.</li>
 *   <li>Downloads run {@value #DEFAULT_PARALLELISM} at a time.</li>
 *   <li>{@link #resolve} lists by a glob's literal prefix and filters the keys with the rest of the glob.</li>
 * </ul>
 *
 * <p>SDK failures become {@link StorageException}, retryable for network errors, throttling and 5xx.
 */
public final class S3Transfer {

    public static final int DEFAULT_PARALLELISM = 8;

    private static final Logger LOG = LoggerFactory.getLogger(S3Transfer.class);
    private static final int DELETE_BATCH = 1000;

    private final AwsClients aws;
    private final int parallelism;

    public S3Transfer(AwsClients aws) {
        this(aws, DEFAULT_PARALLELISM);
    }

    public S3Transfer(AwsClients aws, int parallelism) {
        this.aws = Objects.requireNonNull(aws, "aws");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** An object downloaded to a local file. */
    public record Downloaded(S3ObjectRef source, Path file) {}

    /** Every object under {@code prefix} (a key prefix; empty for the whole bucket), in key order. */
    public List<S3ObjectRef> list(S3Uri prefix) {
        return list(prefix, key -> true, Long.MAX_VALUE);
    }

    /**
     * The objects under {@code prefix} whose keys {@code keep} accepts, in key order, listing page by page only until
     * their sizes add up to more than {@code maxBytes}: a caller with a size limit learns that it is exceeded (the sum of
     * what is returned is above it) without listing a prefix of millions of objects first.
     */
    public List<S3ObjectRef> list(S3Uri prefix, java.util.function.Predicate<String> keep, long maxBytes) {
        try {
            List<S3ObjectRef> objects = new ArrayList<>();
            long bytes = 0;
            for (var page : aws.s3().listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key()))) {
                for (var o : page.contents()) {
                    if (keep.test(o.key())) {
                        objects.add(new S3ObjectRef(new S3Uri(prefix.bucket(), o.key()), o.size()));
                        bytes += o.size();
                    }
                }
                if (bytes > maxBytes) {
                    break; // over the caller's limit: no need to list the rest
                }
            }
            objects.sort(Comparator.comparing(o -> o.uri().key()));
            return objects;
        } catch (SdkException e) {
            throw storageFailure("list " + prefix, e);
        }
    }

    /** The objects whose keys match {@code pattern}'s glob, listed by its literal prefix, in key order. */
    public List<S3ObjectRef> listGlob(S3Uri pattern) {
        return listGlob(pattern, key -> true, Long.MAX_VALUE);
    }

    private List<S3ObjectRef> listGlob(S3Uri pattern, java.util.function.Predicate<String> keep, long maxBytes) {
        S3Glob glob = S3Glob.of(pattern.key());
        return list(new S3Uri(pattern.bucket(), glob.literalPrefix()), key -> glob.matches(key) && keep.test(key), maxBytes);
    }

    /**
     * What {@code location} names: the objects matching it if it is a glob; every object under it if its key is
     * empty or ends with {@code /}; otherwise the one object, or none if it does not exist.
     */
    public List<S3ObjectRef> resolve(S3Uri location) {
        return resolve(location, key -> true, Long.MAX_VALUE);
    }

    /**
     * {@link #resolve(S3Uri)}, keeping the listed keys {@code keep} accepts (a single object is returned as it is), and
     * listing only until their sizes exceed {@code maxBytes} (see {@link #list(S3Uri, java.util.function.Predicate, long)}).
     */
    public List<S3ObjectRef> resolve(S3Uri location, java.util.function.Predicate<String> keep, long maxBytes) {
        if (location.isGlob()) {
            return listGlob(location, keep, maxBytes);
        }
        if (location.key().isEmpty() || location.key().endsWith("/")) {
            return list(location, keep, maxBytes);
        }
        try {
            long size = aws.s3().headObject(b -> b.bucket(location.bucket()).key(location.key())).contentLength();
            return List.of(new S3ObjectRef(location, size));
        } catch (NoSuchKeyException e) {
            return List.of();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw storageFailure("find " + location, e);
        } catch (SdkException e) {
            throw storageFailure("find " + location, e);
        }
    }

    /**
     * Downloads {@code objects} into {@code directory}, in parallel. Each local name is the object's position
     * ({@code 00000-}) followed by its base name, which keeps extensions such as {@code .csv.gz}.
     *
     * @return the downloads, in the order of {@code objects}
     */
    public List<Downloaded> download(List<S3ObjectRef> objects, Path directory) {
        createDirectories(directory);
        List<Downloaded> targets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            S3ObjectRef o = objects.get(i);
            String key = o.uri().key();
            String base = key.substring(key.lastIndexOf('/') + 1);
            targets.add(new Downloaded(o, directory.resolve(String.format("%05d-%s", i, base.isEmpty() ? "object" : base))));
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, targets.size()), r -> {
            Thread t = new Thread(r, "s3-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Downloaded d : targets) {
                futures.add(pool.submit(() -> {
                    Files.deleteIfExists(d.file());
                    aws.s3().getObject(b -> b.bucket(d.source().uri().bucket()).key(d.source().uri().key()),
                            ResponseTransformer.toFile(d.file()));
                    return null;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                await(futures.get(i), "download " + targets.get(i).source().uri());
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.debug("Downloaded {} objects to {}", targets.size(), directory);
        return targets;
    }

    /** Downloads every object under {@code prefix} into {@code directory}. */
    public List<Downloaded> downloadPrefix(S3Uri prefix, Path directory) {
        return download(list(prefix), directory);
    }

    /** Uploads one file to {@code target}, in parts when it is large. */
    public S3ObjectRef upload(Path file, S3Uri target) {
        return uploadAll(List.of(file), List.of(target)).getFirst();
    }

    /**
     * Uploads {@code source}: a file goes to {@code prefix} + its file name; a directory's regular files go to
     * {@code prefix} + their paths relative to it.
     *
     * @param prefix a key prefix, normally ending with {@code /}
     * @return the uploaded objects, in key order
     */
    public List<S3ObjectRef> uploadTo(Path source, S3Uri prefix) {
        List<Path> files = new ArrayList<>();
        List<S3Uri> targets = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                walk.filter(Files::isRegularFile).sorted().forEach(f -> {
                    files.add(f);
                    targets.add(prefix.resolve(source.relativize(f).toString().replace('\\', '/')));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list " + source, e);
            }
        } else {
            files.add(source);
            targets.add(prefix.resolve(source.getFileName().toString()));
        }
        return uploadAll(files, targets);
    }

    private List<S3ObjectRef> uploadAll(List<Path> files, List<S3Uri> targets) {
        Semaphore permits = new Semaphore(parallelism);
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<S3ObjectRef> uploaded = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                S3Uri target = targets.get(i);
                long size = Files.size(file);
                uploaded.add(new S3ObjectRef(target, size));
                permits.acquire();
                futures.add(aws.s3Async()
                        .putObject(b -> b.bucket(target.bucket()).key(target.key()).contentLength(size),
                                AsyncRequestBody.fromFile(file))
                        .whenComplete((r, e) -> permits.release()));
            }
            for (int i = 0; i < futures.size(); i++) {
                await(futures.get(i), "upload to " + targets.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while uploading", 0, true, e);
        }
        return uploaded;
    }

    /** Deletes every object under {@code prefix}; returns how many. */
    public int deletePrefix(S3Uri prefix) {
        if (prefix.key().isEmpty()) {
            throw new IllegalArgumentException("refusing to delete a whole bucket: " + prefix);
        }
        List<S3ObjectRef> objects = list(prefix);
        try {
            for (int from = 0; from < objects.size(); from += DELETE_BATCH) {
                List<ObjectIdentifier> ids = objects.subList(from, Math.min(objects.size(), from + DELETE_BATCH))
                        .stream().map(o -> ObjectIdentifier.builder().key(o.uri().key()).build()).toList();
                var response = aws.s3().deleteObjects(b -> b.bucket(prefix.bucket())
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    var first = response.errors().getFirst();
                    throw new StorageException("could not delete " + response.errors().size() + " objects under "
                            + prefix + ", e.g. " + first.key() + ": " + first.code() + " " + first.message(),
                            0, true, null);
                }
            }
        } catch (SdkException e) {
            throw storageFailure("delete " + prefix, e);
        }
        return objects.size();
    }

    private static void await(Future<?> future, String what) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted: " + what, 0, true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof SdkException sdk) {
                throw storageFailure(what, sdk);
            }
            if (cause instanceof IOException io) {
                throw new StorageException("could not " + what + ": " + io.getMessage(), 0, true, io);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("could not " + what + ": " + cause, 0, false, cause);
        }
    }

    /** Classifies an SDK failure. */
    static StorageException storageFailure(String what, SdkException e) {
        // A download's IOException surfaces wrapped in an SdkClientException: network trouble, retryable.
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            boolean retryable = status >= 500 || status == 429 || s3.isThrottlingException();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            return new StorageException("could not " + what + ": HTTP " + status + (code == null ? "" : " " + code),
                    status, retryable, e);
        }
        boolean retryable = e instanceof SdkClientException || e.retryable();
        return new StorageException("could not " + what + ": " + e.getMessage(), 0, retryable, e);
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + directory, e);
        }
    }
}
