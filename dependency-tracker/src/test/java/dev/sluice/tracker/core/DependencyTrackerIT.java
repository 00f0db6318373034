package dev.sluice.tracker.core;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.tracker.TestTopology;
import dev.sluice.tracker.store.TrackerStore;
import java.util.concurrent.atomic.AtomicInteger;

/** The release semantics on DynamoDB Local, over the AWS SDK; fresh tables per test. */
@AwsIntegrationTest
class DependencyTrackerIT extends DependencyTrackerContract {
    private static final AtomicInteger ENV = new AtomicInteger();
    private final AwsClients clients;

    DependencyTrackerIT(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    protected TrackerStore createStore() {
        return TestTopology.freshStore(clients, SPECS, "dt" + ENV.incrementAndGet());
    }
}
