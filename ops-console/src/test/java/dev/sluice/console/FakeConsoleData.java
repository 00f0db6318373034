package dev.sluice.console;

import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.cli.PartitionStatus;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's reads from fixed state, for the unit tests; counts the redrives it was asked for. */
final class FakeConsoleData implements ConsoleData {
    static final PipelineSpecs SAMPLE = PipelineSpecs.load(Path.of("../examples/sample-pipeline/specs"));

    final Map<String, List<PartitionStatus>> partitions = new HashMap<>();
    final Map<String, RunRecord> runs = new HashMap<>();
    final Map<String, List<StageRecord>> stages = new HashMap<>();
    final List<DeadLetterQueues.Letter> letters = new ArrayList<>();
    final List<Boolean> redrives = new ArrayList<>();

    @Override
    public String env() {
        return "test";
    }

    @Override
    public PipelineSpecs specs() {
        return SAMPLE;
    }

    @Override
    public List<PartitionStatus> partitions(String job, int limit) {
        return partitions.getOrDefault(job, List.of());
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<StageRecord> stages(String runId) {
        return stages.getOrDefault(runId, List.of());
    }

    @Override
    public List<DeadLetterQueues.Depth> queues() {
        return List.of(new DeadLetterQueues.Depth(QueueRole.EXTRACT, "test-sluice-extract", "0", "0", Integer.toString(letters.size())));
    }

    @Override
    public List<DeadLetterQueues.Letter> deadLetters(QueueRole role, DeadLetterQueues.Filter filter, int max) {
        return letters.stream().filter(l -> filter.job() == null || filter.job().equals(l.job())).toList();
    }

    @Override
    public DeadLetterQueues.Redrive redrive(QueueRole role, DeadLetterQueues.Filter filter, int max, boolean dryRun) {
        redrives.add(dryRun);
        return new DeadLetterQueues.Redrive(dryRun, "test-sluice-" + role.suffix(), deadLetters(role, filter, max));
    }
}
