package dev.sluice.extractor;

/**
 * A source that can extract only what changed: the rows whose watermark column lies in a range {@code (low, high]},
 * bound to its query as the template variables {@code {watermark_low}} and {@code {watermark_high}}. The range is
 * the engine's ({@link WatermarkRanges}); the source says where the column starts and where it is now.
 */
public interface IncrementalSource extends Source {
    /** The template variable of the range's exclusive lower bound. */
    String LOW = "watermark_low";
    /** The template variable of the range's inclusive upper bound. */
    String HIGH = "watermark_high";

    /** True when this source's settings declare a watermark. */
    boolean incremental();

    /** The low bound of the first run: below every value of the column. */
    String initialWatermark();

    /** The column's current maximum, or {@code null} when there are no rows yet. */
    String currentWatermark(ExtractRequest request);
}
