package dev.sluice.localstack;

import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice local-stack}: runs the local AWS stack until Ctrl-C, for developers and manual runs. Prints
 * the settings as {@code export KEY=VALUE} lines on stdout (so {@code eval "$(...)"} works) and everything
 * else on stderr.
 *
 * <p>This is a development tool: it lives here, with the emulators, and not in the operators' CLI
 * ({@code ops-cli}), whose runtime class path carries no emulator. The {@code ./sluice} launcher sends
 * {@code local-stack} here.
 */
@Command(name = "sluice local-stack",
        mixinStandardHelpOptions = true,
        description = "Start the local AWS stack (fauxqs for SNS/SQS/S3, DynamoDB Local) on 127.0.0.1, provision the specs' topology, "
                + "print the settings to reach it, and run until Ctrl-C.",
        footer = {"", "Example:", "  sluice local-stack --specs examples/sample-pipeline/specs > /tmp/stack.env   # then: source /tmp/stack.env"})
public final class LocalAwsStackMain implements Callable<Integer> {

    @Option(names = "--specs", paramLabel = "DIR", description = "Provision the topology of these specs.")
    Path specs;

    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--duration", paramLabel = "ISO-8601", description = "Stop after this long, e.g. PT1H (default: run until Ctrl-C).")
    Duration duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LoggingDefaults.commandLine();
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return command().execute(args);
    }

    static CommandLine command() {
        return new CommandLine(new LocalAwsStackMain())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
                    return 1;
                });
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PipelineSpecs loaded = specs == null ? null : PipelineSpecs.load(specs); // a bad spec fails before anything starts
        long started = System.nanoTime();
        try (AwsStack stack = AwsStacks.start()) {
            if (loaded != null) {
                new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                        .provision(new TopologyDeriver().derive(loaded, TopologyOptions.defaults(env)));
            }
            stack.settings().forEach((k, v) -> out.printf("export %s=%s%n", k, v));
            out.printf("export SLUICE_ENV=%s%n", env);
            out.flush();
            System.err.printf("# %s%n# ready in %d ms; %s%n", stack.describe(), (System.nanoTime() - started) / 1_000_000,
                    duration == null ? "press Ctrl-C to stop" : "stopping in " + duration);
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(() -> { // Ctrl-C: stop the emulators before the JVM exits
                System.err.println("# stopping the local AWS stack");
                stack.close();
                stop.countDown();
            }, "local-aws-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }
}
