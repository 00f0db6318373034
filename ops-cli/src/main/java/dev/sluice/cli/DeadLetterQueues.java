package dev.sluice.cli;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TopologyNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The dead-letter queues of an environment: their depths, their messages with reasons, and redrive. What
 * {@code sluice dlq} prints and what the ops console shows both come from here.
 */
public final class DeadLetterQueues {
    private final AwsClients aws;
    private final TopologyNames names;

    public DeadLetterQueues(AwsClients aws, TopologyNames names) {
        this.aws = aws;
        this.names = names;
    }

    /** Which dead letters a command works on: all filters given must match. */
    public record Filter(String job, String type, String errorText) {
        public static final Filter ALL = new Filter(null, null, null);

        public Filter {
            job = blankToNull(job);
            type = blankToNull(type);
            errorText = blankToNull(errorText);
        }

        public boolean matches(Message m) {
            Map<String, MessageAttributeValue> a = m.messageAttributes();
            return (job == null || job.equals(value(a, "job")))
                    && (type == null || type.equals(value(a, "type")))
                    && (errorText == null || value(a, DeadLetter.ERROR_REASON).toLowerCase(Locale.ROOT).contains(errorText.toLowerCase(Locale.ROOT)));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /** A queue's depth and its DLQ's: counts as SQS reports them (approximate). */
    public record Depth(QueueRole role, String name, String visible, String inFlight, String deadLetters) {
    }

    /** One dead letter as its attributes describe it. */
    public record Letter(String messageId, String type, String job, String receives, String failedAt, String errorClass, String reason,
                         String body) {
        static Letter of(Message m) {
            Map<String, MessageAttributeValue> a = m.messageAttributes();
            return new Letter(m.messageId(), value(a, "type"), value(a, "job"), value(a, DeadLetter.RECEIVE_COUNT),
                    value(a, DeadLetter.FAILED_AT), value(a, DeadLetter.ERROR_CLASS), value(a, DeadLetter.ERROR_REASON), m.body());
        }
    }

    /** What a redrive did (or, dry, would do): the matching letters, in the order received. */
    public record Redrive(boolean dryRun, String target, List<Letter> letters) {
    }

    /** The queue role named {@code queue} (its suffix or its enum name). */
    public static QueueRole role(String queue) {
        for (QueueRole r : QueueRole.values()) {
            if (r.suffix().equals(queue) || r.name().equalsIgnoreCase(queue)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown queue '" + queue + "', expected one of "
                + Arrays.stream(QueueRole.values()).map(QueueRole::suffix).toList());
    }

    public TopologyNames names() {
        return names;
    }

    /** Every provisioned queue of the environment with its depths; queues not provisioned (e.g. no large jobs) are left out. */
    public List<Depth> depths() {
        List<Depth> out = new ArrayList<>();
        for (QueueRole role : QueueRole.values()) {
            try {
                Map<QueueAttributeName, String> main = depth(names.queue(role));
                Map<QueueAttributeName, String> dlq = depth(names.deadLetterQueue(role));
                out.add(new Depth(role, names.queue(role), main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                        main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                        dlq.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
            } catch (QueueDoesNotExistException e) {
                // not provisioned in this environment
            }
        }
        return out;
    }

    private Map<QueueAttributeName, String> depth(String name) {
        String url = aws.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    /** Up to {@code max} dead letters of {@code role} matching {@code filter}; they stay in the DLQ (visible again at once). */
    public List<Letter> show(QueueRole role, Filter filter, int max) {
        String url = aws.sqs().getQueueUrl(b -> b.queueName(names.deadLetterQueue(role))).queueUrl();
        List<Message> messages = receiveAll(aws, url, max, 30);
        List<Letter> out = messages.stream().filter(filter::matches).map(Letter::of).toList();
        release(aws, url, messages);
        return out;
    }

    /**
     * Sends the dead letters of {@code role} that match {@code filter} back to their queue, keeping their message
     * attributes minus the error ones; a message is deleted from the DLQ only after it was sent back, and each message
     * id is sent at most once. {@code dryRun} only lists them. {@code report} hears of each message as it is handled.
     */
    public Redrive redrive(QueueRole role, Filter filter, int max, boolean dryRun, int visibilityTimeout, Consumer<Letter> report) {
        String dlqUrl = aws.sqs().getQueueUrl(b -> b.queueName(names.deadLetterQueue(role))).queueUrl();
        String sourceUrl = aws.sqs().getQueueUrl(b -> b.queueName(names.queue(role))).queueUrl();
        List<Message> messages = receiveAll(aws, dlqUrl, max, visibilityTimeout);
        List<Message> untouched = new ArrayList<>();
        Map<String, Message> held = new LinkedHashMap<>();
        messages.forEach(m -> held.put(m.messageId(), m));
        Hidden hidden = new Hidden(aws, dlqUrl, visibilityTimeout);
        List<Letter> done = new ArrayList<>();
        for (Message m : messages) {
            hidden.extendIfDue(held.values());
            if (!filter.matches(m) || dryRun) {
                untouched.add(m);
                if (filter.matches(m)) {
                    done.add(Letter.of(m));
                    report.accept(Letter.of(m));
                }
                continue;
            }
            Map<String, MessageAttributeValue> attributes = new HashMap<>(m.messageAttributes());
            DeadLetter.ATTRIBUTES.forEach(attributes::remove);
            aws.sqs().sendMessage(b -> b.queueUrl(sourceUrl).messageBody(m.body()).messageAttributes(attributes));
            aws.sqs().deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle())); // only after the send succeeded
            held.remove(m.messageId());
            done.add(Letter.of(m));
            report.accept(Letter.of(m));
        }
        release(aws, dlqUrl, untouched);
        return new Redrive(dryRun, names.queue(role), done);
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
}
