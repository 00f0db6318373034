package dev.sluice.tracker;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** Provisions the topology of a spec directory once per environment name, for integration tests. */
public final class TestTopology {
    private static final Map<String, TopologyProvisioner.Provisioned> PROVISIONED = new ConcurrentHashMap<>();

    private TestTopology() {
    }

    public static Topology provision(AwsClients clients, PipelineSpecs specs, String env) {
        Topology topology = new TopologyDeriver().derive(specs, TopologyOptions.defaults(env));
        PROVISIONED.computeIfAbsent(env, e -> new TopologyProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), clients.s3())
                .provision(topology));
        return topology;
    }

    /** Fresh tracker tables (only) under a new environment name: isolates one test from another. */
    public static DynamoDbTrackerStore freshStore(AwsClients clients, PipelineSpecs specs, String env) {
        Topology full = new TopologyDeriver().derive(specs, TopologyOptions.defaults(env));
        Topology tablesOnly = new Topology(env, java.util.List.of(), java.util.List.of(), java.util.List.of(), full.tables(), java.util.List.of());
        new TopologyProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), clients.s3()).provision(tablesOnly);
        return store(clients, full);
    }

    public static DynamoDbTrackerStore store(AwsClients clients, Topology topology) {
        return new DynamoDbTrackerStore(clients.dynamoDb(), topology.table(TableRole.DATASET_VERSIONS).name(),
                topology.table(TableRole.RELEASES).name());
    }

    public static PipelineSpecs fixtureSpecs() {
        try {
            return PipelineSpecs.load(java.nio.file.Path.of(TestTopology.class.getResource("/specs/tracker").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
