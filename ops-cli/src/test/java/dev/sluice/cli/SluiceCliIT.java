package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI against the local stack, through the standard AWS settings only. */
@AwsIntegrationTest
class SluiceCliIT {

    @Test
    void provisionCreatesTheTopologyIdempotently(AwsStack stack) {
        // The CLI reads the standard settings from the environment, falling back to system properties.
        stack.settings().forEach(System::setProperty);
        try {
            CliRun first = CliRun.of("provision", SluiceCliTest.SAMPLE, "--env", "cliit");
            CliRun second = CliRun.of("provision", SluiceCliTest.SAMPLE, "--env", "cliit");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(second.out()).isEqualTo(first.out())
                    .isEqualTo("provisioned environment cliit: 7 topics, 10 queues (with DLQs), 10 subscriptions, 3 tables, 1 buckets\n");
            List<String> queues = stack.clients().sqs().listQueues(b -> b.queueNamePrefix("cliit-")).queueUrls();
            assertThat(queues).hasSize(10).anyMatch(u -> u.endsWith("cliit-sluice-load-dlq"));
            assertThat(stack.clients().dynamoDb().listTables().tableNames()).contains("cliit-sluice-releases");
            // The tracker's queue is fed by the loader's topic, every team's ingress topic and the data bucket's file
            // arrivals: its one policy allows them all.
            String tracker = stack.clients().sqs().getQueueUrl(b -> b.queueName("cliit-sluice-tracker")).queueUrl();
            String policy = stack.clients().sqs().getQueueAttributes(b -> b.queueUrl(tracker)
                    .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.POLICY)).attributes()
                    .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.POLICY);
            assertThat(policy).contains(":cliit-sluice-data-ready\"", ":cliit-sluice-ingress-crm-team\"",
                    ":cliit-sluice-ingress-fraud-team\"", ":cliit-sluice-ingress-logistics-partner\"",
                    ":cliit-sluice-ingress-shop-backend\"", ":cliit-sluice-file-arrivals\"").doesNotContain("pipeline-events");
        } finally {
            stack.settings().keySet().forEach(System::clearProperty);
        }
    }
}
