package dev.sluice.spec.validate;

import dev.sluice.spec.load.Located;
import dev.sluice.spec.load.LoadedSpecs;
import dev.sluice.spec.load.SpecError;
import dev.sluice.spec.model.InputMapping;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds a cycle in the job graph (job → the jobs producing its inputs) and prints it. */
final class CycleFinder {
    private final LoadedSpecs specs;
    private final Map<String, Located<JobSpec>> jobs;
    private final Map<String, Located<JobSpec>> producers;
    private final Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
    private final List<String> stack = new ArrayList<>();
    private final List<String> via = new ArrayList<>();

    CycleFinder(LoadedSpecs specs, Map<String, Located<JobSpec>> jobs, Map<String, Located<JobSpec>> producers) {
        this.specs = specs;
        this.jobs = jobs;
        this.producers = producers;
    }

    Optional<SpecError> find() {
        for (String job : jobs.keySet()) {
            Optional<SpecError> found = visit(job);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** An earlier partition of the job's own output (offset < 0) is not a cycle: it was produced by an earlier run. */
    private static boolean isEarlierPartitionOfItself(JobSpec job, InputSpec input) {
        return job.readsOwnOutput(input) && input.mapping().type() == InputMapping.Type.OFFSET && input.mapping().offset() < 0;
    }

    private Optional<SpecError> visit(String job) {
        Integer s = state.get(job);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null && s == 1) {
            int start = stack.indexOf(job);
            List<String> steps = new ArrayList<>();
            for (int i = start; i < stack.size(); i++) {
                String next = i + 1 < stack.size() ? stack.get(i + 1) : job;
                steps.add(stack.get(i) + " needs " + via.get(i) + " from " + next);
            }
            String cycle = String.join(", ", steps);
            Located<JobSpec> at = jobs.get(job);
            return Optional.of(specs.errorAt(at, "inputs", "cycle: " + cycle));
        }
        state.put(job, 1);
        stack.add(job);
        via.add("");
        for (InputSpec input : jobs.get(job).value().inputs()) {
            Located<JobSpec> producer = producers.get(input.dataset());
            if (producer == null || isEarlierPartitionOfItself(jobs.get(job).value(), input)) {
                continue;
            }
            via.set(via.size() - 1, input.dataset());
            Optional<SpecError> found = visit(producer.value().name());
            if (found.isPresent()) {
                return found;
            }
        }
        stack.removeLast();
        via.removeLast();
        state.put(job, 2);
        return Optional.empty();
    }
}
