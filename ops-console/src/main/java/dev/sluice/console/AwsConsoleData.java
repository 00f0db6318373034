package dev.sluice.console;

import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.cli.PartitionStatus;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.TrackerOperations;
import dev.sluice.tracker.store.ReleaseRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The console's reads over an environment's tables and queues, through the tracker's operations API and the runs table. */
final class AwsConsoleData implements ConsoleData {
    /** How long redriven dead letters stay hidden from other readers while the redrive works (the CLI's default). */
    static final int REDRIVE_VISIBILITY_SECONDS = 60;

    private final ServiceContext context;
    private final TrackerOperations tracker;
    private final RunStore runs;
    private final DeadLetterQueues dlqs;

    AwsConsoleData(ServiceContext context) {
        this.context = context;
        this.tracker = TrackerFactory.operations(context);
        this.runs = new DynamoDbRunStore(context.aws().dynamoDb(), context.resources().table(TableRole.RUNS));
        this.dlqs = new DeadLetterQueues(context.aws(), context.resources().names());
    }

    @Override
    public String env() {
        return context.settings().env();
    }

    @Override
    public PipelineSpecs specs() {
        return context.specs();
    }

    @Override
    public List<PartitionStatus> partitions(String job, int limit) {
        List<ReleaseRecord> releases = new ArrayList<>(tracker.releasesOf(job));
        releases.sort(Comparator.comparing((ReleaseRecord r) -> r.partition().key()).reversed());
        List<PartitionStatus> out = new ArrayList<>();
        for (ReleaseRecord r : releases.subList(0, Math.min(limit, releases.size()))) {
            out.add(PartitionStatus.of(tracker, runs, r));
        }
        return out;
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return runs.run(runId);
    }

    @Override
    public List<StageRecord> stages(String runId) {
        return runs.stagesOf(runId);
    }

    @Override
    public List<DeadLetterQueues.Depth> queues() {
        return dlqs.depths();
    }

    @Override
    public List<DeadLetterQueues.Letter> deadLetters(QueueRole role, DeadLetterQueues.Filter filter, int max) {
        return dlqs.show(role, filter, max);
    }

    @Override
    public DeadLetterQueues.Redrive redrive(QueueRole role, DeadLetterQueues.Filter filter, int max, boolean dryRun) {
        return dlqs.redrive(role, filter, max, dryRun, REDRIVE_VISIBILITY_SECONDS, letter -> { });
    }
}
