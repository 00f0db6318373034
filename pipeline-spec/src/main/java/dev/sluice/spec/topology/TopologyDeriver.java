package dev.sluice.spec.topology;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.contracts.EventType;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Derives the AWS topology from the specs. This is the single source of topology: local provisioning,
 * the tests, the CLI and {@code deploy/} all use its output.
 *
 * <p>Routing uses SNS message attributes set by the publishers:
 * <ul>
 *   <li>{@code dataset} on data-ready events: the tracker's subscription takes only datasets some job consumes;</li>
 *   <li>{@code stage} (the stage to run next) and {@code sizeClass} on pipeline events;</li>
 *   <li>{@code type} (the event type) on every event: the alerts queue takes {@code sluice.alert}.</li>
 * </ul>
 */
public final class TopologyDeriver {
    private static final String ATTR_TYPE = MessageAttributes.TYPE;
    private static final String ATTR_DATASET = MessageAttributes.DATASET;
    private static final String ATTR_STAGE = MessageAttributes.STAGE;
    private static final String ATTR_SIZE_CLASS = MessageAttributes.SIZE_CLASS;
    private static final String ALERT_TYPE = EventType.ALERT.type();

    public Topology derive(PipelineSpecs specs, TopologyOptions options) {
        TopologyNames names = new TopologyNames(options.env());
        TreeSet<String> consumed = new TreeSet<>();
        specs.jobs().forEach(j -> j.inputs().forEach(i -> consumed.add(i.dataset())));
        // Who may publish what: Sluice's loader the datasets jobs produce (the data-ready topic), each team the
        // external datasets it owns (its ingress topic). The tracker's subscriptions keep SNS's envelope, so the
        // tracker knows which topic, and so which publisher, an event came from.
        TreeSet<String> internal = new TreeSet<>();
        Map<String, TreeSet<String>> byTeam = new java.util.TreeMap<>();
        for (String dataset : consumed) {
            specs.findDataset(dataset).ifPresent(d -> {
                if (!d.isExternal()) {
                    internal.add(d.name());
                } else if (d.scheduleSpec().isPresent()) {
                    return; // a clock: only the tracker publishes its ticks, so no team gets a topic for it
                } else if (d.owner() != null && TopologyNames.TEAM.matcher(d.owner()).matches()) {
                    byTeam.computeIfAbsent(d.owner(), t -> new TreeSet<>()).add(d.name());
                }
            });
        }
        List<Topology.Topic> topics = new ArrayList<>(List.of(
                new Topology.Topic(names.dataReadyTopic(), "data-ready events of the datasets Sluice's jobs produce, from the loader"),
                new Topology.Topic(names.pipelineEventsTopic(), "job-released, stage-completed/failed, job-succeeded/failed, alert")));
        byTeam.forEach((team, datasets) -> topics.add(new Topology.Topic(names.ingressTopic(team),
                "data-ready events of team " + team + "'s external datasets " + datasets)));

        // Datasets fed by files: the data bucket's object-created notifications reach the tracker through one topic
        // that only the bucket may publish to (deploy/ renders the notification and that policy).
        List<Topology.FileArrival> arrivals = new ArrayList<>();
        for (String dataset : consumed) {
            specs.findDataset(dataset).filter(DatasetSpec::isExternal).flatMap(DatasetSpec::fileArrivalSpec).ifPresent(a ->
                    arrivals.add(new Topology.FileArrival(dataset, names.bucket(), a.template().fixedPrefix(), a.template().fixedSuffix(),
                            names.fileArrivalsTopic())));
        }
        if (!arrivals.isEmpty()) {
            topics.add(new Topology.Topic(names.fileArrivalsTopic(), "S3 object-created notifications of the data bucket for the"
                    + " file-fed datasets " + arrivals.stream().map(Topology.FileArrival::dataset).toList() + "; only the bucket publishes"));
        }

        List<Topology.Queue> queues = new ArrayList<>();
        List<Topology.Subscription> subscriptions = new ArrayList<>();

        queues.add(queue(names, options, QueueRole.TRACKER, "data-ready events for the dependency tracker"));
        if (!internal.isEmpty()) {
            subscriptions.add(new Topology.Subscription(names.dataReadyTopic(), names.queue(QueueRole.TRACKER),
                    Map.of(ATTR_DATASET, List.copyOf(internal)), false));
        }
        byTeam.forEach((team, datasets) -> subscriptions.add(new Topology.Subscription(names.ingressTopic(team),
                names.queue(QueueRole.TRACKER), Map.of(ATTR_DATASET, List.copyOf(datasets)), false)));
        if (!arrivals.isEmpty()) {
            // S3 sets no message attributes: no filter; the tracker matches each key against the datasets' templates.
            subscriptions.add(new Topology.Subscription(names.fileArrivalsTopic(), names.queue(QueueRole.TRACKER), Map.of(), false));
        }

        // Large and xl jobs' transforms go to the container workers (an xl transform is submitted to Spark from there).
        List<SizeClass> containerSizes = specs.jobs().stream().map(JobSpec::sizeClass)
                .filter(s -> s != SizeClass.SMALL).distinct().sorted().toList();
        boolean anyLarge = !containerSizes.isEmpty();
        queues.add(queue(names, options, QueueRole.EXTRACT, "extract-stage work"));
        subscriptions.add(stage(names, QueueRole.EXTRACT, Stage.EXTRACT, null));
        queues.add(queue(names, options, QueueRole.TRANSFORM, "transform-stage work of small jobs (Lambda-sized)"));
        subscriptions.add(stage(names, QueueRole.TRANSFORM, Stage.TRANSFORM, anyLarge ? List.of(SizeClass.SMALL) : null));
        if (anyLarge) {
            queues.add(queue(names, options, QueueRole.TRANSFORM_LARGE, "transform-stage work of large jobs (container workers)"));
            subscriptions.add(stage(names, QueueRole.TRANSFORM_LARGE, Stage.TRANSFORM, containerSizes));
        }
        queues.add(queue(names, options, QueueRole.LOAD, "load-stage work"));
        subscriptions.add(stage(names, QueueRole.LOAD, Stage.LOAD, null));
        queues.add(queue(names, options, QueueRole.ALERTS, "alerts for operators: late inputs, failures, drift, quality"));
        subscriptions.add(new Topology.Subscription(names.pipelineEventsTopic(), names.queue(QueueRole.ALERTS),
                Map.of(ATTR_TYPE, List.of(ALERT_TYPE))));

        // Base-table keys (dataset or job + partition) serve the listings the tracker needs with strongly
        // consistent queries; GSIs serve the sweep and ops.
        List<Topology.Table> tables = List.of(
                new Topology.Table(names.table(TableRole.DATASET_VERSIONS), TableRole.DATASET_VERSIONS, "dataset", "partitionKey",
                        List.of(), null),
                new Topology.Table(names.table(TableRole.RELEASES), TableRole.RELEASES, "job", "partitionKey",
                        List.of(new Topology.Index("waiting", "waitingShard", "deadlineAt", "unreleased partitions by deadline, for the sweep"),
                                new Topology.Index("publishing", "publishingShard", "leaseUntilAt",
                                        "releases being published by lease end, for the sweep to finish")),
                        null),
                new Topology.Table(names.table(TableRole.RUNS), TableRole.RUNS, "runId", "sk",
                        List.of(new Topology.Index("by-job", "job", "partitionRun", "the runs of a job ordered by partition")),
                        "expiresAt"));

        // Clocks some job consumes: deploy/ fires the sweep at their times (the sweep's own interval is the fallback).
        List<Topology.Schedule> schedules = new ArrayList<>();
        for (String dataset : consumed) {
            specs.findDataset(dataset).flatMap(DatasetSpec::scheduleSpec)
                    .ifPresent(s -> schedules.add(new Topology.Schedule(dataset, s.cron(), s.timeZone())));
        }
        return new Topology(options.env(), topics, queues, subscriptions, tables, List.of(names.bucket()), arrivals, schedules);
    }

    private static Topology.Queue queue(TopologyNames names, TopologyOptions options, QueueRole role, String purpose) {
        return new Topology.Queue(names.queue(role), role, names.deadLetterQueue(role), options.maxReceiveCount(),
                options.visibilityTimeoutSeconds(), 345_600, options.dlqRetentionSeconds(), purpose);
    }

    private static Topology.Subscription stage(TopologyNames names, QueueRole role, Stage stage, List<SizeClass> sizes) {
        Map<String, List<String>> filter = sizes == null
                ? Map.of(ATTR_STAGE, List.of(stage.wireName()))
                : Map.of(ATTR_STAGE, List.of(stage.wireName()), ATTR_SIZE_CLASS, sizes.stream().map(SizeClass::wire).toList());
        return new Topology.Subscription(names.pipelineEventsTopic(), names.queue(role), filter);
    }
}
