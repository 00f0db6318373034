package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What only the container poller does: visibility extension and graceful shutdown, on real queues. */
@AwsIntegrationTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqsPollerIT {

    private final AwsClients aws;

    SqsPollerIT(AwsClients aws) {
        this.aws = aws;
    }

    private SqsPoller poller(TestQueue queue, MessageHandler handler, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(PollerOptions.POLL_TIMEOUT.env(), "1s"));
        all.putAll(settings);
        return new SqsPoller(aws.sqs(), queue.url(), handler, new SqsDeadLetterForwarder(aws.sqs()), PollerOptions.fromMap(all));
    }

    @Test
    void aRetryableFailureWithADelayComesBackAfterTheDelayNotTheVisibilityTimeout() throws Exception {
        TestQueue queue = TestQueue.create(aws.sqs(), Duration.ofSeconds(60), 5);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Long> times = new java.util.concurrent.CopyOnWriteArrayList<>();
        MessageHandler handler = m -> {
            times.add(System.nanoTime());
            if (attempts.incrementAndGet() == 1) {
                throw new RetryableException("source busy", null, Duration.ofSeconds(1));
            }
        };
        try (SqsPoller poller = poller(queue, handler, Map.of(PollerOptions.VISIBILITY_TIMEOUT.env(), "60s"))) {
            poller.start();
            queue.send("{\"retry\":true}", Map.of());
            assertThat(queue.awaitEmpty(Duration.ofSeconds(30))).as("retried well before the 60 s visibility timeout").isTrue();
        }
        assertThat(attempts).hasValue(2);
        assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void visibilityExtensionKeepsASlowMessageInvisiblePastItsInitialTimeout() throws Exception {
        TestQueue queue = TestQueue.create(aws.sqs(), Duration.ofSeconds(2), 5);
        CountDownLatch started = new CountDownLatch(1);
        Recorder handler = new Recorder(m -> {
            started.countDown();
            Thread.sleep(5_000); // 2.5 times the visibility timeout
        });

        try (SqsPoller poller = poller(queue, handler, Map.of(PollerOptions.VISIBILITY_TIMEOUT.env(), "2s"))) {
            poller.start();
            queue.send("{\"slow\":true}", Map.of());
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            // Another worker polling throughout the work, across the initial timeout, sees nothing.
            assertThat(queue.receiveDirectly(1, Duration.ofSeconds(4))).isEmpty();
            assertThat(queue.awaitEmpty(Duration.ofSeconds(20))).as("handled and deleted").isTrue();
        }
        assertThat(handler.calls()).as("never redelivered").hasSize(1);
    }

    @Test
    void gracefulShutdownReleasesAnUnfinishedMessageForAnotherWorker() throws Exception {
        TestQueue queue = TestQueue.create(aws.sqs(), Duration.ofSeconds(30), 5);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        MessageHandler handler = m -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        };
        SqsPoller poller = poller(queue, handler, Map.of(
                PollerOptions.VISIBILITY_TIMEOUT.env(), "30s",
                PollerOptions.LISTENER_SHUTDOWN_TIMEOUT.env(), "500ms",
                // An interruption on the last allowed receive must not dead-letter the message.
                PollerOptions.MAX_RECEIVE_COUNT.env(), "1"));
        poller.start();
        queue.send("{\"long\":true}", Map.of());
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        poller.close();
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(took).as("shutdown is bounded by the shutdown timeout and the poll timeout").isLessThan(Duration.ofSeconds(10));
        assertThat(interrupted).as("the unfinished handler was interrupted").isTrue();
        List<Message> again = queue.receiveDirectly(1, Duration.ofSeconds(5));
        assertThat(again).as("visible again long before its 30 s visibility timeout").hasSize(1);
        assertThat(again.getFirst().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
        assertThat(queue.approximateCount(queue.dlqUrl())).isZero();
        assertThat(poller.isRunning()).isFalse();
    }
}
