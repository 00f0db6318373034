package dev.sluice.loader;

import java.net.URI;
import java.util.Objects;

/**
 * What loading one output into one target did.
 *
 * @param status            what happened
 * @param rows              rows of this generation in the target, written now or already there ({@code 0} when
 *                          superseded, or when the target cannot tell)
 * @param detail            a short human-readable account for logs
 * @param currentGeneration for {@link Status#SUPERSEDED}: the newer generation the target holds; otherwise the
 *                          request's generation
 * @param manifest          for S3 targets: the manifest of the generation now current; otherwise {@code null}
 * @param location          for S3 targets: the run prefix the manifest lists; otherwise {@code null}
 * @param bytes             for S3 targets: the bytes the manifest lists; otherwise {@code 0}
 */
public record TargetResult(Status status, long rows, String detail, long currentGeneration, URI manifest,
        URI location, long bytes) {

    /** What a load did. */
    public enum Status {
        /** The target now holds this generation. */
        LOADED,
        /** The target already held this generation (a redelivery or a retry): nothing changed. */
        UNCHANGED,
        /** The target holds a newer generation: nothing visible changed, and this run must not publish. */
        SUPERSEDED
    }

    public TargetResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static TargetResult loaded(long rows, long generation, String detail) {
        return new TargetResult(Status.LOADED, rows, detail, generation, null, null, 0);
    }

    public static TargetResult unchanged(long generation, String detail) {
        return new TargetResult(Status.UNCHANGED, 0, detail, generation, null, null, 0);
    }

    public static TargetResult superseded(long currentGeneration, String detail) {
        return new TargetResult(Status.SUPERSEDED, 0, detail, currentGeneration, null, null, 0);
    }

    /** Whether the target holds this run's generation after the call. */
    public boolean current() {
        return status != Status.SUPERSEDED;
    }
}
