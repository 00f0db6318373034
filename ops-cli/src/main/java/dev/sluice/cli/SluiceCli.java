package dev.sluice.cli;

import dev.sluice.spec.settings.Lookup;
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
                CompareCommand.class,
                CostCommand.class,
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
        return commandLine(Lookup.environment())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    /**
     * The command line, whose commands read their settings (AWS, specs, environment) through {@code settings}: the
     * environment in production, the local stack's settings in tests.
     */
    static CommandLine commandLine(Lookup settings) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new SluiceCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K created = defaults.create(type);
                if (created instanceof UsesSettings part) {
                    part.settings(settings);
                }
                return created;
            }
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
