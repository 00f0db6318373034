package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: operations on specs, topology and the running pipeline. */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        version = "sluice 0.1.0",
        description = "Operate Sluice pipelines: validate specs, derive and provision the AWS topology, see and steer runs.",
        subcommands = {
                ValidateCommand.class,
                TopologyCommand.class,
                ProvisionCommand.class,
                StatusCommand.class,
                RunsCommand.class,
                DlqCommand.class,
                BackfillCommand.class,
                PublishReadyCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "AWS is reached through the standard settings only: AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, credentials.",
                "Development tools run from a source checkout: ./sluice local-stack (the local AWS stack) and ./sluice demo."})
public final class SluiceCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return new CommandLine(new SluiceCli())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
