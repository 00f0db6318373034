package dev.sluice.loader;

/**
 * Publishes an output as the dataset its readers follow, in two phases, so that the load stage can write every
 * output before any of them becomes visible:
 * <ol>
 *   <li>{@link #prepare}: write what readers will follow (files, a manifest) without changing what they follow
 *       now;</li>
 *   <li>{@link Publication#commit}: make the prepared generation current, only if it is still the newest.</li>
 * </ol>
 * Both phases are idempotent per generation, like a {@link LoadTarget}: a generation already current commits as
 * {@link TargetResult.Status#UNCHANGED}, an older one as {@link TargetResult.Status#SUPERSEDED} and leaves nothing
 * behind.
 */
public interface DatasetPublisher {

    /** A short description for logs and errors, e.g. {@code s3-parquet s3://bucket/datasets}. */
    String describe();

    /**
     * Phase one: writes the output of {@code request} where readers will find it once committed; nothing they follow
     * changes yet. When the outcome is known already (the generation is current, or a newer one is), nothing is
     * written and the publication's {@link Publication#commit} just reports it.
     *
     * @throws dev.sluice.contracts.ClassifiedException a classified failure (e.g. {@code StorageUnavailable}, retryable)
     */
    Publication prepare(LoadRequest request);

    /** A prepared generation of one output, waiting for its commit. */
    interface Publication {

        /**
         * Phase two: makes the prepared generation current if no newer one is; safe to call again.
         *
         * @throws dev.sluice.contracts.ClassifiedException a classified failure
         */
        TargetResult commit();
    }
}
