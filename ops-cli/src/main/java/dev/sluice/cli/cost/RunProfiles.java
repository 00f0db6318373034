package dev.sluice.cli.cost;

import dev.sluice.contracts.Stage;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Job profiles measured from the runs table: the runs released in a window, their stages' durations, inputs and bytes. */
public final class RunProfiles {
    /** The month the estimate is scaled to. */
    public static final int DAYS_PER_MONTH = 30;

    private RunProfiles() {
    }

    /**
     * One profile per job of {@code specs}, from the runs released in the {@code days} days before {@code now}, scaled
     * to a 30-day month. A job without runs in the window gets a profile of zero runs.
     */
    public static List<JobProfile> measure(PipelineSpecs specs, RunStore runs, Instant now, int days) {
        Instant since = now.minus(Duration.ofDays(days));
        List<JobProfile> out = new ArrayList<>();
        for (JobSpec job : specs.jobs()) {
            Map<Stage, Double> totalSeconds = new EnumMap<>(Stage.class);
            Map<Stage, Integer> counted = new EnumMap<>(Stage.class);
            int count = 0;
            double inputs = 0;
            double bytes = 0;
            for (RunRecord run : runs.runsOf(job.name(), Integer.MAX_VALUE)) {
                if (run.releasedAt() == null || run.releasedAt().isBefore(since) || run.releasedAt().isAfter(now)) {
                    continue;
                }
                count++;
                inputs += run.inputs().size();
                long runBytes = 0;
                for (StageRecord s : runs.stagesOf(run.runId())) {
                    if (s.startedAt() != null && s.finishedAt() != null) {
                        totalSeconds.merge(s.stage(), Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0, Double::sum);
                        counted.merge(s.stage(), 1, Integer::sum);
                    }
                    if (s.metrics() != null) {
                        runBytes = Math.max(runBytes, s.metrics().bytesOut());
                    }
                }
                bytes += runBytes;
            }
            Map<Stage, Double> mean = new EnumMap<>(Stage.class);
            for (Stage stage : job.stages()) {
                int n = counted.getOrDefault(stage, 0);
                mean.put(stage, n == 0 ? 0.0 : totalSeconds.get(stage) / n);
            }
            double perMonth = (double) count * DAYS_PER_MONTH / days;
            out.add(new JobProfile(job.name(), job.sizeClass(), perMonth, count == 0 ? job.inputs().size() : inputs / count,
                    job.outputs().size(), mean, count == 0 ? 0 : bytes / count));
        }
        return out;
    }
}
