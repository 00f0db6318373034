package dev.sluice.cli;

import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.topology.TableRole;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice runs}: run history with lineage and per-stage timings and rows. */
@Command(name = "runs",
        mixinStandardHelpOptions = true,
        description = "Show runs: a job's history (newest first), or one run with its lineage (input versions → outputs) and per-stage timings and rows.",
        footer = {"", "Examples:", "  sluice runs --job build_order_facts --limit 10", "  sluice runs 20261121T101500-1a2b3c4d"})
final class RunsCommand implements Callable<Integer> {
    @Mixin
    OpsOptions ops;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "Show this run in detail.")
    String runId;

    @Option(names = "--job", description = "List this job's runs.")
    String job;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runId == null && job == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a RUN_ID or --job");
        }
        try (ServiceContext context = ops.context()) {
            RunStore runs = new DynamoDbRunStore(context.aws().dynamoDb(), context.resources().table(TableRole.RUNS));
            if (runId != null) {
                RunRecord run = runs.run(runId).orElse(null);
                if (run == null) {
                    spec.commandLine().getErr().println("no run " + runId + " in environment " + ops.env);
                    return 1;
                }
                printRun(out, run, runs.stagesOf(runId));
                return 0;
            }
            List<RunRecord> list = runs.runsOf(job, limit);
            boolean shadow = list.stream().anyMatch(r -> r.shadow() != null);
            // The SHADOW column appears only when a listed run is a shadow run.
            String format = shadow ? "%-30s %-26s %-4s %-10s %-10s %-30s %s%n" : "%-30s %-26s %-4s %-10s %-10s %s%s%n";
            out.printf(format, "RUN", "PARTITION", "GEN", "REASON", "STATE", "FINISHED", shadow ? "SHADOW" : "");
            for (RunRecord r : list) {
                out.printf(format, r.runId(), r.partition().key(), String.valueOf(r.generation()),
                        r.reason() == null ? "" : r.reason().name().toLowerCase(), r.state().name().toLowerCase(),
                        r.finishedAt() == null ? "" : r.finishedAt(), shadow ? shadowColumn(r) : "");
            }
        }
        return 0;
    }

    static void printRun(PrintWriter out, RunRecord run, List<StageRecord> stages) {
        out.printf("run %s: job %s partition %s generation %d, %s (%s)%n", run.runId(), run.job(), run.partition().key(),
                run.generation(), run.state().name().toLowerCase(), run.reason() == null ? "" : run.reason().name().toLowerCase());
        out.printf("  correlation id %s, released %s, finished %s, spec %s%n", run.correlationId(), run.releasedAt(), run.finishedAt(), run.specDigest());
        out.println("  inputs:");
        for (InputVersion i : run.inputs()) {
            out.printf("    %s[%s] v%d %s%n", i.dataset(), i.partition().key(), i.version(), i.manifest() != null ? i.manifest() : i.location());
        }
        out.println("  stages:");
        for (StageRecord s : stages) {
            String metrics = s.metrics() == null ? "" : String.format("%d ms, %d rows in, %d rows out, %d bytes", s.metrics().durationMs(),
                    s.metrics().rowsIn(), s.metrics().rowsOut(), s.metrics().bytesOut());
            out.printf("    %-9s %-9s attempt %d %s%s%n", s.stage().wireName(), s.state().name().toLowerCase(), s.attempt(), metrics,
                    s.errorClass() == null ? "" : " error " + s.errorClass() + ": " + s.errorMessage());
        }
        out.println("  outputs:");
        for (PublishedOutput o : run.outputs()) {
            out.printf("    %s[%s] v%d %d rows %s%n", o.dataset(), o.partition().key(), o.version(), o.rowCount(), o.manifest());
        }
        if (run.shadow() != null) {
            ShadowResult sh = run.shadow();
            out.printf("  shadow: %s, %s vs legacy %s: %s%n", sh.label(), sh.dataset(), sh.legacy(), sh.summary());
            sh.differenceLines().forEach(line -> out.printf("    %s%n", line));
        }
        if (run.error() != null) {
            out.println("  error: " + run.error());
        }
    }

    /** The SHADOW column of the list: {@code equal}, {@code different} or {@code error}; empty for a normal run. */
    static String shadowColumn(RunRecord run) {
        return run.shadow() == null ? "" : run.shadow().label();
    }
}
