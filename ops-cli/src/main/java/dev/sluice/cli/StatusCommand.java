package dev.sluice.cli;

import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.partition.PartitionText;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.TrackerOperations;
import dev.sluice.tracker.store.ReleaseRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice status}: per job and partition, what it waits on or how its run stands. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each job partition: waiting (and on which inputs), released, the running stage, succeeded (rows, outputs) or failed (error).",
        footer = {"", "Example:", "  sluice status --job build_order_facts --from date=2026-11-01 --to date=2026-11-08"})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    OpsOptions ops;

    @Option(names = "--job", description = "Only this job.")
    String job;

    @Option(names = "--from", paramLabel = "PARTITION", description = "First partition, e.g. date=2026-11-01 (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "PARTITION", description = "Last partition (inclusive).")
    String to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceContext context = ops.context()) {
            TrackerOperations tracker = TrackerFactory.operations(context);
            RunStore runs = new DynamoDbRunStore(context.aws().dynamoDb(), context.resources().table(TableRole.RUNS));
            String fromKey = from == null ? null : PartitionText.parse(from).key();
            String toKey = to == null ? null : PartitionText.parse(to).key();
            out.printf("%-24s %-26s %-10s %s%n", "JOB", "PARTITION", "STATE", "DETAIL");
            for (JobSpec j : context.specs().jobs()) {
                if (job != null && !j.name().equals(job)) {
                    continue;
                }
                for (ReleaseRecord r : tracker.releasesOf(j.name())) {
                    String key = r.partition().key();
                    if ((fromKey != null && key.compareTo(fromKey) < 0) || (toKey != null && key.compareTo(toKey) > 0)) {
                        continue;
                    }
                    String[] line = describe(tracker, runs, r);
                    out.printf("%-24s %-26s %-10s %s%n", j.name(), key, line[0], line[1]);
                }
            }
        }
        return 0;
    }

    static String[] describe(TrackerOperations tracker, RunStore runs, ReleaseRecord r) {
        PartitionStatus status = PartitionStatus.of(tracker, runs, r);
        return new String[] {status.state().word(), status.detail()};
    }
}
