package dev.sluice.cli;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TopologyNames;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code sluice dlq}: list dead-letter queues, show their messages, redrive them. */
@Command(name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect and replay dead-letter queues.",
        subcommands = {DlqCommand.ListQueues.class, DlqCommand.Show.class, DlqCommand.Redrive.class},
        footer = {"", "Examples:", "  sluice dlq list", "  sluice dlq show extract", "  sluice dlq redrive extract --job extract_shipments --dry-run"})
final class DlqCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of every dlq subcommand. */
    static final class Target implements UsesSettings {
        @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
        String env;

        private Lookup settings = Lookup.environment();

        @Override
        public void settings(Lookup settings) {
            this.settings = settings;
        }

        AwsClients clients() {
            return OpsOptions.awsClients(settings);
        }

        TopologyNames names() {
            return new TopologyNames(env);
        }
    }

    /** The queue whose dead letters a subcommand reads, with the environment and the filters. */
    static final class DeadLetters {
        @CommandLine.Mixin
        Target target;

        @CommandLine.Mixin
        Filter filter;

        @Parameters(index = "0", paramLabel = "QUEUE", description = "tracker, extract, transform, transform-large, load or alerts.")
        String queue;
    }

    static QueueRole role(String queue) {
        return DeadLetterQueues.role(queue);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the queues with their depths and their DLQs' depths.",
            footer = {"", "Example:", "  sluice dlq list --env prod"})
    static final class ListQueues implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AwsClients aws = target.clients()) {
                out.printf("%-16s %-44s %8s %10s %8s%n", "QUEUE", "NAME", "VISIBLE", "IN-FLIGHT", "DLQ");
                for (DeadLetterQueues.Depth d : new DeadLetterQueues(aws, target.names()).depths()) {
                    out.printf("%-16s %-44s %8s %10s %8s%n", d.role().suffix(), d.name(), d.visible(), d.inFlight(), d.deadLetters());
                }
            }
            return 0;
        }
    }

    /** Filters dead letters by job, event type and error text. */
    static final class Filter {
        @Option(names = "--job", description = "Only messages of this job.")
        String job;

        @Option(names = "--type", description = "Only this event type, e.g. sluice.job-released.")
        String type;

        @Option(names = "--error-contains", description = "Only messages whose error reason contains this text.")
        String errorText;

        DeadLetterQueues.Filter filter() {
            return new DeadLetterQueues.Filter(job, type, errorText);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the messages of a queue's DLQ with their error reasons (they stay in the DLQ).",
            footer = {"", "Example:", "  sluice dlq show tracker --max 5"})
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        DeadLetters dlq;

        @Option(names = "--max", defaultValue = "20", description = "At most this many messages (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--body", description = "Print the message bodies too.")
        boolean body;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AwsClients aws = dlq.target.clients()) {
                List<DeadLetterQueues.Letter> letters = new DeadLetterQueues(aws, dlq.target.names()).show(role(dlq.queue), dlq.filter.filter(), max);
                for (DeadLetterQueues.Letter l : letters) {
                    out.printf("message %s type=%s job=%s receives=%s failed-at=%s%n  %s: %s%n", l.messageId(), l.type(), l.job(),
                            l.receives(), l.failedAt(), l.errorClass(), l.reason());
                    if (body) {
                        out.println("  " + l.body());
                    }
                }
                out.printf("%d message(s) shown%n", letters.size());
            }
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Send dead letters back to their queue, keeping their message attributes (minus the error ones). "
                    + "A message is deleted from the DLQ only after it was sent back. Each message id is sent at most once per "
                    + "redrive, and the received messages stay hidden (their visibility extended) while the redrive works.",
            footer = {"", "Example:", "  sluice dlq redrive extract --job extract_shipments --error-contains 500 --dry-run"})
    static final class Redrive implements Callable<Integer> {
        @CommandLine.Mixin
        DeadLetters dlq;

        @Option(names = "--max", defaultValue = "1000", description = "At most this many messages (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--dry-run", description = "Only list what would be redriven.")
        boolean dryRun;

        @Option(names = "--visibility-timeout", defaultValue = "60", paramLabel = "SECONDS",
                description = "How long received dead letters stay hidden from other readers; extended while the redrive works "
                        + "(default: ${DEFAULT-VALUE}).")
        int visibilityTimeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (visibilityTimeout < 0 || visibilityTimeout > 43_200) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--visibility-timeout: must be between 0 and 43200"
                        + " seconds, got " + visibilityTimeout);
            }
            QueueRole role = role(dlq.queue);
            try (AwsClients aws = dlq.target.clients()) {
                DeadLetterQueues.Redrive done = new DeadLetterQueues(aws, dlq.target.names()).redrive(role, dlq.filter.filter(), max, dryRun,
                        visibilityTimeout, l -> out.printf(dryRun ? "would redrive %s type=%s job=%s: %s%n" : "redrove %s type=%s job=%s%n",
                                l.messageId(), l.type(), l.job(), l.reason()));
                out.printf("%s %d message(s) to %s%n", dryRun ? "would redrive" : "redrove", done.letters().size(), done.target());
            }
            return 0;
        }
    }
}
