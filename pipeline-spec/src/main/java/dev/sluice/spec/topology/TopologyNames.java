package dev.sluice.spec.topology;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one naming scheme of every AWS resource: {@code <env>-sluice-<role>}. Services find their topics,
 * queues and tables through it, given only the environment name.
 */
public record TopologyNames(String env) {
    private static final Pattern ENV = Pattern.compile("[a-z][a-z0-9-]{0,19}");

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
