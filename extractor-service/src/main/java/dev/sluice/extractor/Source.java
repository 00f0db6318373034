package dev.sluice.extractor;


/**
 * One configured source of one job: extracts a partition into a local Parquet file (zstd). Created by its
 * {@link SourceFactory}, which has validated the settings already; a source holds no open resources between calls.
 */
public interface Source {

    /**
     * Extracts the data of {@code request} into a Parquet file under {@code workDir}.
     *
     * @param workDir an empty directory the source owns for the call; the caller deletes it afterwards
     * @throws dev.sluice.contracts.ClassifiedException classified failures: retryable or not
     */
    ExtractResult extract(ExtractRequest request, java.nio.file.Path workDir);
}
