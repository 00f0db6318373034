package dev.sluice.spec.topology;

/**
 * Settings of the derived topology.
 *
 * @param env                      environment name, the prefix of every resource
 * @param maxReceiveCount          receives before a message is dead-lettered (poison messages stop here)
 * @param visibilityTimeoutSeconds initial visibility timeout of work queues
 * @param dlqRetentionSeconds      how long dead letters are kept (14 days by default, the SQS maximum)
 */
public record TopologyOptions(String env, int maxReceiveCount, int visibilityTimeoutSeconds, int dlqRetentionSeconds) {
    public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;

    public TopologyOptions {
        new TopologyNames(env);
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, not " + maxReceiveCount);
        }
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
            throw new IllegalArgumentException("visibilityTimeoutSeconds must be 0..43200, not " + visibilityTimeoutSeconds);
        }
    }

    public static TopologyOptions defaults(String env) {
        return new TopologyOptions(env, DEFAULT_MAX_RECEIVE_COUNT, 120, 1_209_600);
    }
}
