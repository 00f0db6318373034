package dev.sluice.cli;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.topology.AwsResources;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code sluice demo}: the main job. Today it runs what exists end to end: validate the sample specs,
 * start the local stack, provision the derived topology, and route a data-ready event to the tracker's
 * queue.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the sample pipeline's foundation on the local embedded stack: validate the specs, start the emulators, "
                + "provision the topology, and show a data-ready event routed to the tracker's queue.",
        footer = {"", "Example:", "  ./sluice demo"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--specs", defaultValue = "examples/sample-pipeline/specs", description = "Spec directory (default: ${DEFAULT-VALUE}).")
    Path specsDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("1. validate " + specsDir);
        PipelineSpecs.CheckResult check = PipelineSpecs.check(specsDir);
        if (!check.valid()) {
            check.errors().forEach(e -> out.println("   " + e));
            return 1;
        }
        PipelineSpecs specs = check.specs().orElseThrow();
        out.printf("   valid: %d jobs, %d datasets, DAG depth %d%n", specs.jobs().size(), specs.datasets().size(), specs.depth());

        out.println("2. start the local AWS stack on 127.0.0.1");
        try (AwsStack stack = AwsStacks.start()) {
            out.println("   " + stack.describe());
            AwsClients clients = stack.clients();
            String env = "demo";
            Topology topology = new TopologyDeriver().derive(specs, TopologyOptions.defaults(env));
            out.println("3. provision the topology derived from the specs");
            new TopologyProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), clients.s3()).provision(topology);
            out.print(indent(TopologyText.render(topology)));

            out.println("4. publish data-ready orders_drop date=2026-11-20 and receive it on the tracker's queue");
            AwsResources resources = new AwsResources(new TopologyNames(env), clients.sns(), clients.sqs());
            DataReady ready = new DataReady("orders_drop", Partition.of("date", "2026-11-20"), 1,
                    URI.create("s3://" + resources.bucket() + "/raw/orders/date=2026-11-20/"), null, "csv",
                    DatasetSchema.of(List.of(new DatasetSchema.Column("order_id", "BIGINT", false))), null, null, Producer.team("shop-backend"));
            EventEnvelope<DataReady> event = EventEnvelope.of("demo/upstream", "orders_drop/date=2026-11-20", "demo-1", ready);
            new SnsEventPublisher(clients.sns(), resources, new EventCodec()).publish(Destination.DATA_READY, event);
            String queueUrl = resources.queueUrl(QueueRole.TRACKER);
            List<Message> received = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)
                    .maxNumberOfMessages(1).messageAttributeNames("All")).messages();
            if (received.isEmpty()) {
                out.println("   FAILED: nothing arrived on " + queueUrl);
                return 1;
            }
            EventEnvelope<?> decoded = new EventCodec().decode(received.getFirst().body());
            out.printf("   received %s id=%s subject=%s attributes=%s%n", decoded.type().type(), decoded.id(), decoded.subject(),
                    received.getFirst().messageAttributes().keySet());
            out.println();
            out.println("The services that consume these queues are being built issue by issue; see README.md.");
        }
        return 0;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "   " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
