package dev.sluice.runtime.stage;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyOptions;
import java.nio.file.Path;
import java.util.List;

@AwsIntegrationTest
class DynamoDbRunStoreIT extends RunStoreContract {
    private static String table;
    private final AwsClients clients;

    DynamoDbRunStoreIT(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    RunStore createStore() {
        synchronized (DynamoDbRunStoreIT.class) {
            if (table == null) {
                try {
                    Topology full = new TopologyDeriver().derive(
                            PipelineSpecs.load(Path.of(getClass().getResource("/specs/minimal").toURI())), TopologyOptions.defaults("runsit"));
                    new TopologyProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), clients.s3())
                            .provision(new Topology("runsit", List.of(), List.of(), List.of(), full.tables(), List.of()));
                    table = full.table(TableRole.RUNS).name();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return new DynamoDbRunStore(clients.dynamoDb(), table);
    }
}
