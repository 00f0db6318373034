package dev.sluice.cli;

import dev.sluice.contracts.Partition;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.partition.PartitionText;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.TrackerOperations;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice backfill}: force-release a job over a partition range, through the tracker. */
@Command(name = "backfill",
        mixinStandardHelpOptions = true,
        description = "Release a job for every partition of a range now, as a new generation each, with the inputs present "
                + "(the release records any missing input). Runs through the tracker's force-release, so runs are tracked as usual. "
                + "Partitions are released in order, each reported as it is released; on a failure the backfill stops (exit 1) and "
                + "names the partition to resume --from.",
        footer = {"", "Example:", "  sluice backfill --job build_order_facts --from date=2026-11-01 --to date=2026-11-08"})
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    OpsOptions ops;

    @Option(names = "--job", required = true, description = "The job to release.")
    String job;

    @Option(names = "--from", required = true, paramLabel = "PARTITION", description = "First partition, e.g. date=2026-11-01.")
    String from;

    @Option(names = "--to", paramLabel = "PARTITION", description = "Last partition (default: --from).")
    String to;

    @Option(names = "--dry-run", description = "List the partitions without releasing.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceContext context = ops.context()) {
            TrackerOperations tracker = TrackerFactory.operations(context);
            List<Partition> range = tracker.partitionRange(job, PartitionText.parse(from), PartitionText.parse(to == null ? from : to));
            if (dryRun) {
                range.forEach(p -> out.printf("would release %s %s%n", job, p.key()));
                return 0;
            }
            String correlationId = "backfill-" + UUID.randomUUID();
            int released = 0;
            for (Partition p : range) {
                // One partition at a time, each reported once it is released: after a failure, the output says what was
                // done, and a re-run with --from the failed partition releases nothing twice.
                List<Decision> decisions;
                try {
                    decisions = tracker.forceRelease(job, List.of(p), correlationId);
                } catch (RuntimeException e) {
                    out.println("correlation id " + correlationId);
                    out.flush();
                    spec.commandLine().getErr().printf("backfill of %s stopped at %s (%d of %d partitions released): %s%n"
                            + "resume with --from %s%s%n", job, p.key(), released, range.size(), e.getMessage(), p.key(),
                            to == null ? "" : " --to " + to);
                    return 1;
                }
                for (Decision d : decisions) {
                    out.printf("released %s %s generation %d run %s%s%n", d.job(), d.partition().key(), d.generation(), d.runId(),
                            d.missing().isEmpty() ? "" : " without " + d.missing().stream().map(m -> m.dataset() + "[" + m.partition().key() + "]").toList());
                }
                out.flush();
                released++;
            }
            out.println("correlation id " + correlationId);
        }
        return 0;
    }
}
