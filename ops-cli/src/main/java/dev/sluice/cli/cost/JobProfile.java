package dev.sluice.cli.cost;

import dev.sluice.contracts.Stage;
import dev.sluice.spec.model.SizeClass;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one job costs to run, measured (from the runs table) or made up (a benchmark's synthetic profile).
 *
 * @param job            the job's name
 * @param sizeClass      where its transform runs: small on Lambda, large and xl on a Fargate task
 * @param runsPerMonth   job partition runs in a 30-day month
 * @param inputs         input partitions per run (each one a data-ready event the tracker evaluates the job on)
 * @param outputs        output datasets per run (each one a data-ready event the job publishes)
 * @param stageSeconds   mean duration of each of the job's stages (load is always there; extract and transform optional)
 * @param bytesPerRun    bytes a run publishes (the load stage's output), stored in S3
 */
public record JobProfile(
        String job,
        SizeClass sizeClass,
        double runsPerMonth,
        double inputs,
        int outputs,
        Map<Stage, Double> stageSeconds,
        double bytesPerRun) {

    public JobProfile {
        Objects.requireNonNull(job, "job");
        sizeClass = sizeClass == null ? SizeClass.SMALL : sizeClass;
        EnumMap<Stage, Double> copy = new EnumMap<>(Stage.class);
        copy.putAll(stageSeconds);
        copy.putIfAbsent(Stage.LOAD, 0.0);
        stageSeconds = Map.copyOf(copy);
        if (runsPerMonth < 0 || inputs < 0 || outputs < 0 || bytesPerRun < 0) {
            throw new IllegalArgumentException("job " + job + ": negative runs, inputs, outputs or bytes");
        }
    }

    public boolean has(Stage stage) {
        return stageSeconds.containsKey(stage);
    }

    public double seconds(Stage stage) {
        return stageSeconds.getOrDefault(stage, 0.0);
    }

    /** How many stages a run goes through (1 to 3). */
    public int stages() {
        return stageSeconds.size();
    }

    /** Whether the stage runs on a Fargate task rather than a Lambda function: the transform of large and xl jobs. */
    public boolean onFargate(Stage stage) {
        return stage == Stage.TRANSFORM && sizeClass != SizeClass.SMALL;
    }
}
