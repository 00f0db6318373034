package dev.sluice.cli;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice provision DIR}: create or update the topology in the configured AWS (or emulator). */
@Command(name = "provision",
        mixinStandardHelpOptions = true,
        description = "Create or update the topics, queues with DLQs, subscriptions, tables and bucket the specs need, in the AWS account "
                + "(or emulator) the standard AWS_* settings point at. Idempotent.",
        footer = {"", "Example:", "  AWS_ENDPOINT_URL=http://127.0.0.1:4566 sluice provision examples/sample-pipeline/specs --env dev"})
final class ProvisionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of pipeline specs.")
    Path dir;

    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Topology topology = new TopologyDeriver().derive(PipelineSpecs.load(dir), TopologyOptions.defaults(env));
        try (AwsClients clients = AwsClients.fromEnvironment()) {
            TopologyProvisioner.Provisioned provisioned = new TopologyProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), clients.s3())
                    .provision(topology);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("provisioned environment %s: %d topics, %d queues (with DLQs), %d subscriptions, %d tables, %d buckets%n",
                    env, provisioned.topicArns().size(), provisioned.queueUrls().size(), topology.subscriptions().size(),
                    topology.tables().size(), topology.buckets().size());
        }
        return 0;
    }
}
