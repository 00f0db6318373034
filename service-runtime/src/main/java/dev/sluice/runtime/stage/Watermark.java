package dev.sluice.runtime.stage;

import java.util.Objects;

/**
 * The range {@code (low, high]} of a watermark column an incremental extract reads: stored with its run, so that every
 * attempt of the run reads the same rows, and the next run starts where the last successful one ended.
 *
 * @param low  exclusive lower bound: the high of the job's last successful run, or the source's initial value
 * @param high inclusive upper bound: the column's maximum when the run first extracted
 */
public record Watermark(String low, String high) {
    public Watermark {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
    }
}
