package dev.sluice.spec.topology;

/** The consumer queues, each with its own dead-letter queue. */
public enum QueueRole {
    /** data-ready events for the dependency tracker. */
    TRACKER("tracker"),
    /** Work routed to the extract stage. */
    EXTRACT("extract"),
    /** Work routed to the transform stage of {@code small} jobs. */
    TRANSFORM("transform"),
    /** Work routed to the transform stage of {@code large} jobs, for container workers. */
    TRANSFORM_LARGE("transform-large"),
    /** Work routed to the load stage. */
    LOAD("load"),
    /** Alerts, for operators and notification hooks. */
    ALERTS("alerts");

    private final String suffix;

    QueueRole(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
