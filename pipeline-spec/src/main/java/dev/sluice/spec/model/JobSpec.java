package dev.sluice.spec.model;

import dev.sluice.contracts.Stage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job: it consumes input datasets and produces output datasets, in up to three stages
 * (extract, transform, load).
 *
 * @param name      unique job name
 * @param owner     owning team
 * @param sizeClass where it runs: {@code small} (Lambda), {@code large} (container) or {@code xl} (Spark)
 * @param inputs    the datasets it waits for, each with a partition mapping
 * @param trigger   when it is released (all-of by default) and whether re-publication releases again
 * @param deadline  optional: when missing inputs are late, and what to do then
 * @param retry     the retry policy of its stages
 * @param extract   optional extract stage: a source plug-in
 * @param outputs   the datasets it produces, each with optional SQL, quality checks and extra targets
 * @param startPartition a self-dependent job only: its first partition (dimension → value), released without the
 *                  earlier partition of its own output that the later ones read
 * @param shadow    optional: shadow mode, its output compared with a legacy output instead of published to consumers
 * @param promoteTo optional, {@code xl} only, on a {@code large} job: a run whose inputs exceed the large limit runs its
 *                  transform on Spark instead of failing with {@code InputTooLarge}
 */
public record JobSpec(
        String name,
        String owner,
        SizeClass sizeClass,
        List<InputSpec> inputs,
        TriggerSpec trigger,
        DeadlineSpec deadline,
        RetryPolicy retry,
        ExtractSpec extract,
        List<OutputSpec> outputs,
        Map<String, String> startPartition,
        ShadowSpec shadow,
        SizeClass promoteTo) {

    public JobSpec {
        Objects.requireNonNull(name, "name");
        sizeClass = sizeClass == null ? SizeClass.SMALL : sizeClass;
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        trigger = trigger == null ? TriggerSpec.DEFAULT : trigger;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        startPartition = startPartition == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(startPartition));
    }

    /** A job without automatic promotion. */
    public JobSpec(String name, String owner, SizeClass sizeClass, List<InputSpec> inputs, TriggerSpec trigger, DeadlineSpec deadline,
                   RetryPolicy retry, ExtractSpec extract, List<OutputSpec> outputs, Map<String, String> startPartition, ShadowSpec shadow) {
        this(name, owner, sizeClass, inputs, trigger, deadline, retry, extract, outputs, startPartition, shadow, null);
    }

    /** Whether a run whose inputs exceed its size class's limit runs its transform on Spark ({@code promoteTo: xl}). */
    public boolean promotesToXl() {
        return promoteTo == SizeClass.XL;
    }

    /** Whether {@code input} reads one of this job's own outputs (an earlier partition of it: a self-dependent job). */
    public boolean readsOwnOutput(InputSpec input) {
        return outputs.stream().anyMatch(o -> o.dataset().equals(input.dataset()));
    }

    public Optional<DeadlineSpec> deadlineSpec() {
        return Optional.ofNullable(deadline);
    }

    /** Shadow mode, when the job declares it. */
    public Optional<ShadowSpec> shadowMode() {
        return Optional.ofNullable(shadow);
    }

    public Optional<ExtractSpec> extractStage() {
        return Optional.ofNullable(extract);
    }

    /**
     * A job has a transform stage when any output is computed by SQL or has quality checks (an output
     * without SQL passes the extracted data through, checked).
     */
    public boolean hasTransform() {
        return outputs.stream().anyMatch(o -> o.sql() != null || !o.checks().isEmpty());
    }

    /** The stages its runs go through, in order: {@link #firstStage()}, then each {@link #stageAfter}. */
    public List<Stage> stages() {
        List<Stage> stages = new java.util.ArrayList<>();
        for (Optional<Stage> s = Optional.of(firstStage()); s.isPresent(); s = stageAfter(s.get())) {
            stages.add(s.get());
        }
        return stages;
    }

    /** The first stage a release routes to: extract, else transform, else load. */
    public Stage firstStage() {
        if (extract != null) {
            return Stage.EXTRACT;
        }
        return hasTransform() ? Stage.TRANSFORM : Stage.LOAD;
    }

    /** The stage after {@code stage}, skipping stages the job does not have; empty after load. */
    public Optional<Stage> stageAfter(Stage stage) {
        return switch (stage) {
            case EXTRACT -> Optional.of(hasTransform() ? Stage.TRANSFORM : Stage.LOAD);
            case TRANSFORM -> Optional.of(Stage.LOAD);
            case LOAD -> Optional.empty();
        };
    }

    public Optional<InputSpec> input(String dataset) {
        return inputs.stream().filter(i -> i.dataset().equals(dataset)).findFirst();
    }
}
