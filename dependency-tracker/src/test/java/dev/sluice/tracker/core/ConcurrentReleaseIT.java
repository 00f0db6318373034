package dev.sluice.tracker.core;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.tracker.TestTopology;
import dev.sluice.tracker.store.TrackerStore;

/** The randomized exactly-once test on DynamoDB Local, over the AWS SDK. */
@AwsIntegrationTest
class ConcurrentReleaseIT extends ConcurrentReleaseContract {
    private final AwsClients clients;

    ConcurrentReleaseIT(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    protected TrackerStore createStore(PipelineSpecs specs) {
        return TestTopology.freshStore(clients, specs, "concurrent");
    }
}
