package dev.sluice.extractor;

import dev.sluice.contracts.DatasetSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a source extracted.
 *
 * @param parquetFile    the Parquet file (zstd); {@code null} only when the source matched nothing, was allowed to,
 *                       and had no schema contract to give an empty file its columns
 * @param schema         the file's columns as DuckDB types them
 * @param rowCount       rows in the file
 * @param bytes          the file's size
 * @param rejectedRows   rows left out by {@code onMalformed: reject}
 * @param rejectedSample up to {@link #MAX_REJECTED_SAMPLE} of them: {@code file}, {@code line}, {@code error},
 *                       {@code content}
 */
public record ExtractResult(
        Path parquetFile,
        DatasetSchema schema,
        long rowCount,
        long bytes,
        long rejectedRows,
        List<Map<String, Object>> rejectedSample) {

    public static final int MAX_REJECTED_SAMPLE = 10;

    public ExtractResult {
        rejectedSample = rejectedSample == null ? List.of() : List.copyOf(rejectedSample);
    }

    /** Whether there is no file (see {@link #parquetFile()}). */
    public boolean hasFile() {
        return parquetFile != null;
    }
}
