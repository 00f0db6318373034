package dev.sluice.cli;

import dev.sluice.cli.cost.CostEstimate;
import dev.sluice.cli.cost.CostModel;
import dev.sluice.cli.cost.JobProfile;
import dev.sluice.cli.cost.PriceTable;
import dev.sluice.cli.cost.RequestModel;
import dev.sluice.cli.cost.RunProfiles;
import dev.sluice.contracts.Stage;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.spec.topology.TableRole;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** {@code sluice cost}: the monthly AWS cost of the pipeline, estimated from the runs table. */
@Command(name = "cost",
        mixinStandardHelpOptions = true,
        description = "Estimate the monthly AWS cost of the pipeline, per job and in total, from the runs of the last --days days "
                + "(stage durations, size classes, inputs, outputs and bytes) and a price table (docs/benchmarks.md, \"Cost model\").",
        footer = {"", "Examples:", "  sluice cost --env prod --specs specs", "  sluice cost --env prod --specs specs --days 7 --prices my-prices.properties"})
final class CostCommand implements Callable<Integer> {
    @Mixin
    OpsOptions ops;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price table (properties); default: the shipped us-east-1 table (ops-cli prices-us-east-1.properties).")
    Path prices;

    @Option(names = "--days", defaultValue = "30", paramLabel = "N",
            description = "Measure the runs released in the last N days, scaled to a 30-day month (default: ${DEFAULT-VALUE}).")
    int days;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (days < 1 || days > 366) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days has value '" + days + "': expected 1 to 366");
        }
        PriceTable table = prices == null ? PriceTable.defaults() : PriceTable.load(prices);
        try (ServiceContext context = ops.context()) {
            String runsTable = context.resources().table(TableRole.RUNS);
            try {
                context.aws().dynamoDb().describeTable(b -> b.tableName(runsTable));
            } catch (ResourceNotFoundException e) {
                throw new IllegalArgumentException("--env '" + ops.env + "': no runs table " + runsTable
                        + " (is the environment provisioned, in this region?)");
            }
            List<JobProfile> profiles = RunProfiles.measure(context.specs(), new DynamoDbRunStore(context.aws().dynamoDb(), runsTable),
                    context.clock().instant(), days);
            print(spec.commandLine().getOut(), ops.env, days, CostModel.estimate(profiles, table));
        }
        return 0;
    }

    static void print(PrintWriter out, String env, int days, CostEstimate estimate) {
        PriceTable p = estimate.prices();
        double runs = estimate.jobs().stream().mapToDouble(j -> j.profile().runsPerMonth()).sum();
        out.printf(Locale.ROOT, "environment %s: runs of the last %d days, scaled to a 30-day month (%.0f runs/month)%n", env, days, runs);
        out.printf(Locale.ROOT, "prices: %s; %s, Lambda %d MB (stages) and %d MB (tracker), Fargate %.2f vCPU %d MiB%n", p.source(),
                p.architecture(), p.smallMemoryMb(), p.trackerMemoryMb(), p.largeCpuUnits() / 1024.0, p.largeMemoryMb());
        out.printf(Locale.ROOT, "%-28s %-5s %9s %5s %4s %8s %8s %8s %10s %10s %10s %10s %10s %10s %10s%n", "JOB", "SIZE", "RUNS/MO", "IN",
                "OUT", "EXTR s", "TRANS s", "LOAD s", "LAMBDA $", "FARGATE $", "SQS $", "SNS $", "DYNAMO $", "S3 $", "TOTAL $");
        for (CostEstimate.JobCost j : estimate.jobs()) {
            JobProfile f = j.profile();
            CostEstimate.Lines c = j.cost();
            out.printf(Locale.ROOT, "%-28s %-5s %9.1f %5.1f %4d %8s %8s %8.2f %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f%n", f.job(),
                    f.sizeClass().wire(), f.runsPerMonth(), f.inputs(), f.outputs(), seconds(f, Stage.EXTRACT), seconds(f, Stage.TRANSFORM),
                    f.seconds(Stage.LOAD), c.lambda(), c.fargate(), c.sqs(), c.sns(), c.dynamoDb(), c.s3Requests() + c.s3Storage(), c.sum());
        }
        CostEstimate.Lines t = estimate.total();
        out.printf(Locale.ROOT, "%-28s %-5s %9.1f %5s %4s %8s %8s %8s %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f%n", "total", "",
                runs, "", "", "", "", "", t.lambda(), t.fargate(), t.sqs(), t.sns(), t.dynamoDb(), t.s3Requests() + t.s3Storage(), t.sum());
        if (runs > 0) {
            double sns = 0;
            double sqs = 0;
            double dynamo = 0;
            for (CostEstimate.JobCost j : estimate.jobs()) {
                RequestModel r = j.requestsPerRun();
                sns += r.snsPublishes() * j.profile().runsPerMonth();
                sqs += r.sqsRequests() * j.profile().runsPerMonth();
                dynamo += r.dynamoRequests() * j.profile().runsPerMonth();
            }
            out.printf(Locale.ROOT, "requests per run (model, mean): SNS %.1f, SQS %.1f, DynamoDB %.1f%n", sns / runs, sqs / runs, dynamo / runs);
        }
    }

    private static String seconds(JobProfile f, Stage stage) {
        return f.has(stage) ? String.format(Locale.ROOT, "%.2f", f.seconds(stage)) : "-";
    }
}
