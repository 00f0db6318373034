package dev.sluice.cli;

import dev.sluice.contracts.EventCodec;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TopologyNames;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

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
        for (QueueRole r : QueueRole.values()) {
            if (r.suffix().equals(queue) || r.name().equalsIgnoreCase(queue)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown queue '" + queue + "', expected one of "
                + Arrays.stream(QueueRole.values()).map(QueueRole::suffix).toList());
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
                for (QueueRole role : QueueRole.values()) {
                    try {
                        Map<QueueAttributeName, String> main = depth(aws, target.names().queue(role));
                        Map<QueueAttributeName, String> dlq = depth(aws, target.names().deadLetterQueue(role));
                        out.printf("%-16s %-44s %8s %10s %8s%n", role.suffix(), target.names().queue(role),
                                main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                                main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                                dlq.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                    } catch (QueueDoesNotExistException e) {
                        // not provisioned in this environment (e.g. no large jobs)
                    }
                }
            }
            return 0;
        }

        private static Map<QueueAttributeName, String> depth(AwsClients aws, String name) {
            String url = aws.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
            return aws.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
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

        boolean matches(Message m) {
            Map<String, MessageAttributeValue> a = m.messageAttributes();
            return (job == null || job.equals(value(a, "job")))
                    && (type == null || type.equals(value(a, "type")))
                    && (errorText == null || value(a, DeadLetter.ERROR_REASON).toLowerCase(Locale.ROOT).contains(errorText.toLowerCase(Locale.ROOT)));
        }
    }

    static String value(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue v = attributes.get(name);
        return v == null || v.stringValue() == null ? "" : v.stringValue();
    }

    /**
     * Receives up to {@code max} distinct messages, keeping them invisible for {@code hideSeconds} and extending that
     * while it receives. A message received again (its visibility lapsed) is the same message id: it is kept once,
     * with its newest receipt handle.
     */
    static List<Message> receiveAll(AwsClients aws, String url, int max, int hideSeconds) {
        Map<String, Message> byId = new LinkedHashMap<>();
        Hidden hidden = new Hidden(aws, url, hideSeconds);
        for (int empty = 0; byId.size() < max && empty < 2; ) {
            List<Message> batch = aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(Math.min(10, max - byId.size()))
                    .waitTimeSeconds(1).visibilityTimeout(hideSeconds).messageAttributeNames("All").attributeNamesWithStrings("All")).messages();
            boolean fresh = false;
            for (Message m : batch) {
                fresh |= byId.put(m.messageId(), m) == null;
            }
            if (!fresh) {
                empty++;
            }
            hidden.extendIfDue(byId.values());
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Keeps received messages hidden while a command works on them: once half of {@code hideSeconds} has passed since
     * they were last hidden, hides them again for {@code hideSeconds} (ChangeMessageVisibility, in batches of 10).
     */
    static final class Hidden {
        private final AwsClients aws;
        private final String url;
        private final int hideSeconds;
        private long hiddenAt = System.nanoTime();

        Hidden(AwsClients aws, String url, int hideSeconds) {
            this.aws = aws;
            this.url = url;
            this.hideSeconds = hideSeconds;
        }

        void extendIfDue(Collection<Message> messages) {
            if (hideSeconds == 0 || System.nanoTime() - hiddenAt < hideSeconds * 500_000_000L) {
                return;
            }
            List<Message> all = new ArrayList<>(messages);
            for (int i = 0; i < all.size(); i += 10) {
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                for (int j = i; j < Math.min(i + 10, all.size()); j++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                            .receiptHandle(all.get(j).receiptHandle()).visibilityTimeout(hideSeconds).build());
                }
                // A failed entry is a message some other reader holds now; the id check of the redrive still sends it once.
                aws.sqs().changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
            }
            hiddenAt = System.nanoTime();
        }
    }

    static void release(AwsClients aws, String url, List<Message> messages) {
        for (Message m : messages) {
            aws.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
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
                String url = aws.sqs().getQueueUrl(b -> b.queueName(dlq.target.names().deadLetterQueue(role(dlq.queue)))).queueUrl();
                List<Message> messages = receiveAll(aws, url, max, 30);
                int shown = 0;
                for (Message m : messages) {
                    if (!dlq.filter.matches(m)) {
                        continue;
                    }
                    shown++;
                    Map<String, MessageAttributeValue> a = m.messageAttributes();
                    out.printf("message %s type=%s job=%s receives=%s failed-at=%s%n  %s: %s%n", m.messageId(), value(a, "type"), value(a, "job"),
                            value(a, DeadLetter.RECEIVE_COUNT), value(a, DeadLetter.FAILED_AT), value(a, DeadLetter.ERROR_CLASS), value(a, DeadLetter.ERROR_REASON));
                    if (body) {
                        out.println("  " + m.body());
                    }
                }
                release(aws, url, messages);
                out.printf("%d message(s) shown%n", shown);
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
                String dlqUrl = aws.sqs().getQueueUrl(b -> b.queueName(dlq.target.names().deadLetterQueue(role))).queueUrl();
                String sourceUrl = aws.sqs().getQueueUrl(b -> b.queueName(dlq.target.names().queue(role))).queueUrl();
                List<Message> messages = receiveAll(aws, dlqUrl, max, visibilityTimeout);
                List<Message> untouched = new ArrayList<>();
                Map<String, Message> held = new LinkedHashMap<>();
                messages.forEach(m -> held.put(m.messageId(), m));
                Hidden hidden = new Hidden(aws, dlqUrl, visibilityTimeout);
                int moved = 0;
                for (Message m : messages) {
                    hidden.extendIfDue(held.values());
                    if (!dlq.filter.matches(m) || dryRun) {
                        untouched.add(m);
                        if (dlq.filter.matches(m)) {
                            out.printf("would redrive %s type=%s job=%s: %s%n", m.messageId(), value(m.messageAttributes(), "type"),
                                    value(m.messageAttributes(), "job"), value(m.messageAttributes(), DeadLetter.ERROR_REASON));
                            moved++;
                        }
                        continue;
                    }
                    Map<String, MessageAttributeValue> attributes = new HashMap<>(m.messageAttributes());
                    DeadLetter.ATTRIBUTES.forEach(attributes::remove);
                    aws.sqs().sendMessage(b -> b.queueUrl(sourceUrl).messageBody(m.body()).messageAttributes(attributes));
                    aws.sqs().deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle())); // only after the send succeeded
                    held.remove(m.messageId());
                    out.printf("redrove %s type=%s job=%s%n", m.messageId(), value(m.messageAttributes(), "type"), value(m.messageAttributes(), "job"));
                    moved++;
                }
                release(aws, dlqUrl, untouched);
                out.printf("%s %d message(s) to %s%n", dryRun ? "would redrive" : "redrove", moved, dlq.target.names().queue(role));
            }
            return 0;
        }
    }
}
