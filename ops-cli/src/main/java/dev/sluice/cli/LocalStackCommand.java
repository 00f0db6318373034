package dev.sluice.cli;

import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice local-stack}: run the emulators on 127.0.0.1 until interrupted. */
@Command(name = "local-stack",
        mixinStandardHelpOptions = true,
        description = "Start the local AWS stack (fauxqs for SNS/SQS/S3, DynamoDB Local) on 127.0.0.1, provision the specs' topology, "
                + "print the settings to reach it, and run until Ctrl-C.",
        footer = {"", "Example:", "  sluice local-stack --specs examples/sample-pipeline/specs > /tmp/stack.env   # then: source /tmp/stack.env"})
final class LocalStackCommand implements Callable<Integer> {

    @Option(names = "--specs", paramLabel = "DIR", description = "Provision the topology of these specs.")
    Path specs;

    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--duration", paramLabel = "ISO-8601", description = "Stop after this long, e.g. PT1H (default: run until Ctrl-C).")
    java.time.Duration duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (AwsStack stack = AwsStacks.start()) {
            if (specs != null) {
                new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                        .provision(new TopologyDeriver().derive(PipelineSpecs.load(specs), TopologyOptions.defaults(env)));
            }
            stack.settings().forEach((k, v) -> out.printf("export %s=%s%n", k, v));
            out.printf("export SLUICE_ENV=%s%n", env);
            out.flush();
            System.err.println("local AWS stack running (" + stack.describe() + "); " + (duration == null ? "Ctrl-C to stop" : "stopping in " + duration));
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }
}
