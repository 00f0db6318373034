package dev.sluice.extractor;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.stage.Watermark;

/** Where an incremental extract's range comes from. */
@FunctionalInterface
public interface WatermarkRanges {

    /** No range store: an incremental source is refused. */
    WatermarkRanges NONE = (request, source) -> {
        throw new ClassifiedException(ErrorClass.INVALID_SPEC, "job " + request.job() + " declares an incremental source (watermark),"
                + " but this extractor keeps no watermark ranges");
    };

    /** The range of {@code request}'s run: stored with the run on its first attempt, the same for every later one. */
    Watermark rangeFor(ExtractRequest request, IncrementalSource source);

    /**
     * The request {@code source} extracts: for an incremental source, with the run's range as {@code {watermark_low}}
     * and {@code {watermark_high}}; otherwise {@code request} itself.
     */
    default ExtractRequest apply(ExtractRequest request, Source source) {
        if (!(source instanceof IncrementalSource incremental) || !incremental.incremental()) {
            return request;
        }
        Watermark range = rangeFor(request, incremental);
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(request.params());
        params.put(IncrementalSource.LOW, range.low());
        params.put(IncrementalSource.HIGH, range.high());
        org.slf4j.LoggerFactory.getLogger(WatermarkRanges.class).info("Incremental extract of {} run {}: watermark ({}, {}]",
                request.job(), request.runId(), range.low(), range.high());
        return new ExtractRequest(request.job(), request.partition(), request.runId(), params);
    }

    /**
     * Ranges kept with the runs: a run's stored range if it has one (a retry or redelivery reads the same rows); else
     * from the high of the job's last successful run (or the source's initial value) to the column's current maximum,
     * claimed with one conditional write so that concurrent attempts agree.
     */
    static WatermarkRanges of(RunStore runs) {
        return (request, source) -> runs.watermark(request.runId()).orElseGet(() -> {
            String low = runs.lastSucceededWatermark(request.job()).map(Watermark::high).orElse(source.initialWatermark());
            String current = source.currentWatermark(request);
            return runs.claimWatermark(request.runId(), new Watermark(low, current == null ? low : current));
        });
    }
}
