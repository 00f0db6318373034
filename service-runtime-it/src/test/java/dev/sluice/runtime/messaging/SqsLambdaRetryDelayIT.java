package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.lambda.SqsLambdaAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Lambda adapter shortens the wait for redelivery to a handler's retry delay, on a real queue. */
@AwsIntegrationTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqsLambdaRetryDelayIT {
    private final AwsClients aws;

    SqsLambdaRetryDelayIT(AwsClients aws) {
        this.aws = aws;
    }

    @Test
    void aRetryDelayComesBackAfterTheDelayNotTheVisibilityTimeout() throws Exception {
        TestQueue queue = TestQueue.create(aws.sqs(), Duration.ofSeconds(60), 5);
        AtomicInteger attempts = new AtomicInteger();
        List<Long> times = new CopyOnWriteArrayList<>();
        MessageHandler handler = m -> {
            times.add(System.nanoTime());
            if (attempts.incrementAndGet() == 1) {
                throw new RetryableException("source busy", null, Duration.ofSeconds(1));
            }
        };
        SqsLambdaAdapter function = new SqsLambdaAdapter(handler, new SqsDeadLetterForwarder(aws.sqs()), 5, RetryDelays.sqs(aws.sqs()));
        try (LambdaEventSource ignored = new LambdaEventSource(aws.sqs(), queue, function)) {
            queue.send("{\"retry\":true}", Map.of());
            assertThat(queue.awaitEmpty(Duration.ofSeconds(30))).as("retried well before the 60 s visibility timeout").isTrue();
        }
        assertThat(attempts).hasValue(2);
        assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}
