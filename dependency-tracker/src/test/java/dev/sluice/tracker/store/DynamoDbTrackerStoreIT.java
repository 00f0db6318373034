package dev.sluice.tracker.store;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.tracker.TestTopology;
import org.junit.jupiter.api.BeforeEach;

/** The store contract against DynamoDB Local (or LocalStack), over the AWS SDK. */
@AwsIntegrationTest
class DynamoDbTrackerStoreIT extends TrackerStoreContract {
    private final AwsClients clients;

    DynamoDbTrackerStoreIT(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    protected TrackerStore createStore() {
        return TestTopology.store(clients, TestTopology.provision(clients, TestTopology.fixtureSpecs(), "storeit"));
    }
}
