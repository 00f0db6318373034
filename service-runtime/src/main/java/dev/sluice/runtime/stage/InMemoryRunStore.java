package dev.sluice.runtime.stage;

import dev.sluice.contracts.Stage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory twin of {@link DynamoDbRunStore}. */
public final class InMemoryRunStore implements RunStore {
    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
    private final Map<String, StageRecord> stages = new ConcurrentHashMap<>();
    private final Map<String, Watermark> watermarks = new ConcurrentHashMap<>();

    @Override
    public Watermark claimWatermark(String runId, Watermark range) {
        return watermarks.computeIfAbsent(runId, k -> range);
    }

    @Override
    public Optional<Watermark> watermark(String runId) {
        return Optional.ofNullable(watermarks.get(runId));
    }

    @Override
    public RunRecord createRun(RunRecord run) {
        return runs.computeIfAbsent(run.runId(), k -> run);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public boolean updateRun(RunRecord run) {
        boolean[] written = {false};
        runs.compute(run.runId(), (k, stored) -> {
            if (stored != null && stored.state() == RunRecord.State.SUCCEEDED) {
                return stored;
            }
            written[0] = true;
            return run;
        });
        return written[0];
    }

    @Override
    public Optional<StageRecord> stage(String runId, Stage stage) {
        return Optional.ofNullable(stages.get(runId + "#" + stage.wireName()));
    }

    @Override
    public Optional<StageRecord> compareAndSet(StageRecord record, long expectedRevision) {
        StageRecord[] written = new StageRecord[1];
        stages.compute(record.runId() + "#" + record.stage().wireName(), (k, stored) -> {
            if ((stored == null ? 0 : stored.revision()) != expectedRevision) {
                return stored;
            }
            written[0] = record.withRevision(expectedRevision + 1);
            return written[0];
        });
        return Optional.ofNullable(written[0]);
    }

    @Override
    public List<StageRecord> stagesOf(String runId) {
        return stages.values().stream().filter(s -> s.runId().equals(runId))
                .sorted(Comparator.comparing(StageRecord::stage)).toList();
    }

    @Override
    public List<RunRecord> runsOf(String job, int limit) {
        return runs.values().stream().filter(r -> r.job().equals(job))
                .sorted(Comparator.comparing((RunRecord r) -> r.partition().key()).thenComparingInt(RunRecord::generation).reversed())
                .limit(limit).toList();
    }
}
