package dev.sluice.console;

import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.settings.Lookup;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice console}: the operators' web console, until Ctrl-C. */
@Command(name = "console",
        mixinStandardHelpOptions = true,
        description = "Serve the ops console: the DAG coloured by health, each job's partition grid, runs (stages, lineage, error, log command), "
                + "late and failed partitions, DLQs with dry-run redrive. Reads the same tables and queues as the CLI.",
        footer = {"", "AWS is reached through the standard settings only: AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, credentials.",
                "", "Example:", "  sluice console --env prod --specs specs/            # then open http://127.0.0.1:8321/"})
public final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--specs", defaultValue = "${SLUICE_SPECS_DIR:-specs}", paramLabel = "DIR", description = "Spec directory (default: $SLUICE_SPECS_DIR or specs).")
    String specs;

    @Option(names = "--port", defaultValue = "8321", description = "Port (default: ${DEFAULT-VALUE}; 0 takes any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--allow-changes", description = "Allow the state-changing actions (DLQ redrive), each after a dry run and a confirmation. Off by default.")
    boolean allowChanges;

    @Option(names = "--refresh", defaultValue = "5", paramLabel = "SECONDS", description = "How often the pages refresh themselves; 0: never (default: ${DEFAULT-VALUE}).")
    int refresh;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Lookup settings;

    public ConsoleCommand() {
        this(Lookup.environment());
    }

    /** The console reading its settings (the AWS endpoints among them) from {@code settings}, e.g. a local stack's. */
    public ConsoleCommand(Lookup settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port: must be between 0 and 65535, got " + port);
        }
        if (refresh < 0 || refresh > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--refresh: must be between 0 and 3600 seconds, got " + refresh);
        }
        Map<String, String> explicit = new HashMap<>();
        explicit.put(ServiceSettings.ENV, env);
        explicit.put(ServiceSettings.SPECS_DIR, specs);
        ServiceContext context = new ServiceContext(ServiceSettings.from("ops-console", settings.withOverrides(explicit)), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        try (ConsoleServer server = ConsoleServer.start(new AwsConsoleData(context), bind, port, allowChanges, refresh)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "console-stop"));
            spec.commandLine().getOut().printf("sluice console for environment %s on %s (changes %s); Ctrl-C stops it%n", env, server.address(),
                    allowChanges ? "allowed" : "off");
            spec.commandLine().getOut().flush();
            stopped.await();
        } finally {
            context.close();
        }
        return 0;
    }
}
