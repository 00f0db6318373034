package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.required;

import java.time.Duration;
import java.time.Instant;

/** Timings and volumes of one stage. */
public record StageMetrics(
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        long rowsIn,
        long rowsOut,
        long bytesOut) {

    public StageMetrics {
        required(startedAt, "startedAt");
        required(finishedAt, "finishedAt");
    }

    /** Metrics with {@code durationMs} computed from the two instants. */
    public static StageMetrics of(Instant startedAt, Instant finishedAt, long rowsIn, long rowsOut, long bytesOut) {
        return new StageMetrics(startedAt, finishedAt, Duration.between(startedAt, finishedAt).toMillis(),
                rowsIn, rowsOut, bytesOut);
    }
}
