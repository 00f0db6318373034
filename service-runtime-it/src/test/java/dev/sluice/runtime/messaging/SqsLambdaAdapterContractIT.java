package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.lambda.SqsLambdaAdapter;

/** The adapter contract, driven through the Lambda adapter by a stand-in for Lambda's SQS event source. */
class SqsLambdaAdapterContractIT extends SqsAdapterContract {

    private LambdaEventSource eventSource;

    SqsLambdaAdapterContractIT(AwsClients aws) {
        super(aws);
    }

    @Override
    protected AutoCloseable consume(TestQueue queue, MessageHandler handler, int maxReceiveCount) {
        SqsLambdaAdapter function = new SqsLambdaAdapter(handler, new SqsDeadLetterForwarder(aws.sqs()), maxReceiveCount);
        eventSource = new LambdaEventSource(aws.sqs(), queue, function);
        return eventSource;
    }

    @Override
    protected void assertHandledInBatches() {
        assertThat(eventSource.batchSizes()).as("events of several records, so the response was a partial one")
                .anySatisfy(size -> assertThat(size).isGreaterThan(1));
    }
}
