package dev.sluice.spec.topology;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one naming scheme of every AWS resource: {@code <env>-sluice-<role>}. Services find their topics,
 * queues and tables through it, given only the environment name.
 */
public record TopologyNames(String env) {
    private static final Pattern ENV = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    /** A team that owns external datasets: lower case, digits and dashes (an SNS topic name part). */
    public static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String INGRESS = "ingress-";

    public TopologyNames {
        Objects.requireNonNull(env, "env");
        if (!ENV.matcher(env).matches()) {
            throw new IllegalArgumentException("environment name '" + env + "' must match " + ENV.pattern());
        }
    }

    public String prefix() {
        return env + "-sluice-";
    }

    /** The topic upstream teams and the loader publish {@code data-ready} events to. */
    public String dataReadyTopic() {
        return prefix() + "data-ready";
    }

    /**
     * The topic team {@code team} publishes the {@code data-ready} events of its external datasets to, e.g.
     * {@code prod-sluice-ingress-fraud-team}: only that team's principal may publish to it, so the topic an event
     * arrives from says who published it.
     */
    public String ingressTopic(String team) {
        if (team == null || !TEAM.matcher(team).matches()) {
            throw new IllegalArgumentException("team '" + team + "' must match " + TEAM.pattern());
        }
        return prefix() + INGRESS + team;
    }

    /** The team whose ingress topic {@code topic} is, if it is one of this environment's. */
    public java.util.Optional<String> teamOfIngressTopic(String topic) {
        String start = prefix() + INGRESS;
        if (topic == null || !topic.startsWith(start)) {
            return java.util.Optional.empty();
        }
        String team = topic.substring(start.length());
        return TEAM.matcher(team).matches() ? java.util.Optional.of(team) : java.util.Optional.empty();
    }

    /**
     * The topic the data bucket's object-created notifications go to (S3 → SNS), for the datasets fed by file arrivals
     * ({@code fileArrival:}); only the bucket may publish to it.
     */
    public String fileArrivalsTopic() {
        return prefix() + "file-arrivals";
    }

    /** The topic of job-released, stage-*, job-* and alert events. */
    public String pipelineEventsTopic() {
        return prefix() + "pipeline-events";
    }

    public String queue(QueueRole role) {
        return prefix() + role.suffix();
    }

    public String deadLetterQueue(QueueRole role) {
        return queue(role) + "-dlq";
    }

    public String table(TableRole role) {
        return prefix() + role.suffix();
    }

    /** The staging and datasets bucket. */
    public String bucket() {
        return prefix() + "data";
    }
}
