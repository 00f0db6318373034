package dev.sluice.console;

import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.cli.PartitionStatus;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import java.util.List;
import java.util.Optional;

/** What the console reads and the one thing it changes (redrive): the same reads as the ops CLI's. */
interface ConsoleData {
    String env();

    PipelineSpecs specs();

    /** The job's partitions the tracker knows, newest (highest key) first, at most {@code limit}. */
    List<PartitionStatus> partitions(String job, int limit);

    Optional<RunRecord> run(String runId);

    List<StageRecord> stages(String runId);

    List<DeadLetterQueues.Depth> queues();

    List<DeadLetterQueues.Letter> deadLetters(QueueRole role, DeadLetterQueues.Filter filter, int max);

    DeadLetterQueues.Redrive redrive(QueueRole role, DeadLetterQueues.Filter filter, int max, boolean dryRun);
}
