package dev.sluice.loader.s3;

import dev.sluice.loader.TestData;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import org.junit.jupiter.api.BeforeEach;

@AwsIntegrationTest
class DynamoDbDatasetVersionStoreIT extends DatasetVersionStoreContract {
    private DatasetVersionStore store;

    @BeforeEach
    void freshTable(AwsClients aws) {
        Topology topology = TestData.provisionTables(aws, TestData.env("ldr-dv"));
        store = new DynamoDbDatasetVersionStore(aws.dynamoDb(), topology.table(TableRole.DATASET_VERSIONS).name());
    }

    @Override
    protected DatasetVersionStore store() {
        return store;
    }
}
