package dev.sluice.runtime.messaging;

import dev.sluice.runtime.aws.AwsClients;
import java.util.Map;

/** The adapter contract, driven by the container poller. */
class SqsPollerContractIT extends SqsAdapterContract {

    SqsPollerContractIT(AwsClients aws) {
        super(aws);
    }

    @Override
    protected AutoCloseable consume(TestQueue queue, MessageHandler handler, int maxReceiveCount) {
        SqsPoller poller = new SqsPoller(aws.sqs(), queue.url(), handler, new SqsDeadLetterForwarder(aws.sqs()),
                PollerOptions.fromMap(Map.of(
                        PollerOptions.POLL_TIMEOUT.env(), "1s",
                        PollerOptions.VISIBILITY_TIMEOUT.env(), PollerOptions.format(VISIBILITY_TIMEOUT),
                        PollerOptions.MAX_RECEIVE_COUNT.env(), Integer.toString(maxReceiveCount),
                        PollerOptions.LISTENER_SHUTDOWN_TIMEOUT.env(), "1s")));
        poller.start();
        return poller;
    }
}
