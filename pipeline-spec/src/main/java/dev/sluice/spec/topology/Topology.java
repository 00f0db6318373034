package dev.sluice.spec.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every AWS resource Sluice needs for a set of specs, as plain data. The local stack, the tests and
 * the CLI provision from it; the infrastructure code in {@code deploy/} renders it.
 */
public record Topology(String env, List<Topic> topics, List<Queue> queues, List<Subscription> subscriptions,
                       List<Table> tables, List<String> buckets, List<FileArrival> arrivals, List<Schedule> schedules) {

    public Topology {
        arrivals = arrivals == null ? List.of() : List.copyOf(arrivals);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        topics = List.copyOf(topics);
        queues = List.copyOf(queues);
        subscriptions = List.copyOf(subscriptions);
        tables = List.copyOf(tables);
        buckets = List.copyOf(buckets);
    }

    /** A topology without file arrivals or schedules. */
    public Topology(String env, List<Topic> topics, List<Queue> queues, List<Subscription> subscriptions,
                    List<Table> tables, List<String> buckets) {
        this(env, topics, queues, subscriptions, tables, buckets, List.of(), List.of());
    }

    /**
     * A clock dataset's schedule ({@code schedule:}): the tracker's sweep publishes its ticks. In AWS, {@code deploy/}
     * also invokes the sweep at each fire time with an EventBridge Scheduler schedule in the schedule's time zone, so
     * that a tick is not up to a sweep interval late.
     *
     * @param dataset  the clock dataset
     * @param cron     its five-field cron expression
     * @param timeZone where the cron expression is read
     */
    public record Schedule(String dataset, String cron, String timeZone) {
    }

    /**
     * The S3 object-created notification that feeds a file-arrival dataset ({@code fileArrival:}): the bucket sends
     * {@code s3:ObjectCreated:*} events of keys with this prefix and suffix to the topic, and only the bucket may
     * publish there. {@code provision} creates the topic and its subscription; {@code deploy/} also configures the
     * bucket's notification and the topic's policy (the local emulator sends no notifications).
     *
     * @param dataset the dataset fed by the files
     * @param bucket  the bucket the files land in (the environment's data bucket)
     * @param prefix  the key template's fixed beginning, up to its first placeholder
     * @param suffix  the key template's end, after its last placeholder
     * @param topic   the file-arrivals topic
     */
    public record FileArrival(String dataset, String bucket, String prefix, String suffix, String topic) {
    }

    /** An SNS standard topic. */
    public record Topic(String name, String purpose) {
    }

    /**
     * An SQS standard queue with its dead-letter queue.
     *
     * @param maxReceiveCount          receives before a message moves to the DLQ
     * @param visibilityTimeoutSeconds initial visibility timeout; pollers extend it while work goes on
     * @param dlqRetentionSeconds      how long dead letters are kept
     */
    public record Queue(String name, QueueRole role, String deadLetterQueue, int maxReceiveCount,
                        int visibilityTimeoutSeconds, int retentionSeconds, int dlqRetentionSeconds, String purpose) {
    }

    /**
     * An SNS → SQS subscription.
     *
     * @param filterPolicy on message attributes; empty for none
     * @param rawDelivery  whether the queue gets the event as it was published; {@code false} for the tracker's
     *                     subscriptions, whose messages keep SNS's envelope with the topic they came from: that topic
     *                     is who published them (see docs/security.md)
     */
    public record Subscription(String topic, String queue, Map<String, List<String>> filterPolicy, boolean rawDelivery) {
        /** A subscription with raw delivery. */
        public Subscription(String topic, String queue, Map<String, List<String>> filterPolicy) {
            this(topic, queue, filterPolicy, true);
        }
    }

    /** A DynamoDB table (on-demand) with string keys. */
    public record Table(String name, TableRole role, String hashKey, String rangeKey, List<Index> indexes,
                        String ttlAttribute) {
        public Table {
            indexes = List.copyOf(indexes);
        }

        public Optional<String> range() {
            return Optional.ofNullable(rangeKey);
        }
    }

    /** A global secondary index, projecting all attributes. */
    public record Index(String name, String hashKey, String rangeKey, String purpose) {
    }

    public Queue queue(QueueRole role) {
        return queues.stream().filter(q -> q.role() == role).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue for role " + role));
    }

    public Table table(TableRole role) {
        return tables.stream().filter(t -> t.role() == role).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table for role " + role));
    }
}
