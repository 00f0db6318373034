package dev.sluice.runtime.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    private static final AwsSettings LOCAL = AwsSettings.fromMap(Map.of(
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));

    @Test
    void buildsEachClientOnceFromTheSettings() {
        try (AwsClients clients = new AwsClients(LOCAL)) {
            assertThat(clients.sqs()).isSameAs(clients.sqs());
            assertThat(clients.sqs().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
            assertThat(clients.sqs().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:8000"));
            assertThat(clients.sns().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
            assertThat(clients.s3().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
            assertThat(clients.s3Async().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:4566"));
            assertThat(clients.settings()).isSameAs(LOCAL);
        }
    }

    @Test
    void refusesToServeClientsOnceClosed() {
        AwsClients clients = new AwsClients(LOCAL);
        clients.sqs();
        clients.close();
        clients.close();

        assertThatThrownBy(clients::sqs)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
