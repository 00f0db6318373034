package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poller's own mechanics on an in-memory SQS; the real-queue behaviour is in service-runtime-it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqsPollerTest {

    private final FakeSqs sqs = new FakeSqs();
    private final InMemoryDeadLetterForwarder deadLetters = new InMemoryDeadLetterForwarder();

    private SqsPoller poller(MessageHandler handler, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(PollerOptions.POLL_TIMEOUT.env(), "1s"));
        all.putAll(settings);
        return new SqsPoller(sqs, FakeSqs.URL, handler, deadLetters, PollerOptions.fromMap(all));
    }

    @Test
    void neverHasMoreThanMaxConcurrentMessagesInWorkNorAsksForMore() throws Exception {
        for (int i = 0; i < 6; i++) {
            sqs.add("m" + i);
        }
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger inWork = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        MessageHandler handler = m -> {
            most.accumulateAndGet(inWork.incrementAndGet(), Math::max);
            twoStarted.countDown();
            try {
                proceed.await(10, TimeUnit.SECONDS);
            } finally {
                inWork.decrementAndGet();
            }
        };

        try (SqsPoller poller = poller(handler, Map.of(PollerOptions.MAX_CONCURRENT_MESSAGES.env(), "2"))) {
            poller.start();
            assertThat(twoStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(poller.inFlight()).isEqualTo(2);
            proceed.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sqs.deleted.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(sqs.deleted).hasSize(6);
        assertThat(most.get()).isEqualTo(2);
        assertThat(sqs.requestedPerReceive).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    }

    @Test
    void backsOffExponentiallyWhileReceivesFail() throws Exception {
        sqs.failEveryReceive = true;

        try (SqsPoller poller = poller(m -> { }, Map.of(
                PollerOptions.BACKOFF_INITIAL.env(), "100ms", PollerOptions.BACKOFF_MAX.env(), "200ms"))) {
            poller.start();
            Thread.sleep(1_500);
        }

        // Without backoff this would be thousands; with pauses of 50..200 ms it is about ten.
        assertThat(sqs.receiveFailures.get()).isBetween(3, 25);
    }

    @Test
    void extendsTheVisibilityOfAMessageInWork() throws Exception {
        sqs.add("slow");
        CountDownLatch done = new CountDownLatch(1);

        try (SqsPoller poller = poller(m -> {
            Thread.sleep(800);
            done.countDown();
        }, Map.of(PollerOptions.VISIBILITY_TIMEOUT.env(), "1s", PollerOptions.VISIBILITY_EXTENSION_INTERVAL.env(), "200ms"))) {
            poller.start();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(sqs.visibilityChanges).hasSizeGreaterThanOrEqualTo(2).allSatisfy(v -> assertThat(v).isEqualTo(1));
    }

    @Test
    void closingAnIdlePollerIsPromptAndIdempotent() throws Exception {
        SqsPoller poller = poller(m -> { }, Map.of());
        poller.start();
        long before = System.nanoTime();
        poller.close();
        poller.close();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(poller.awaitStopped(Duration.ZERO)).isTrue();
        assertThat(poller.isRunning()).isFalse();
    }

    @Test
    void isPollingOnlyWhileRunningAndReceivesSucceed() throws Exception {
        SqsPoller poller = poller(m -> { }, Map.of(
                PollerOptions.BACKOFF_INITIAL.env(), "50ms", PollerOptions.BACKOFF_MAX.env(), "100ms"));
        assertThat(poller.isPolling()).as("before start").isFalse();
        try (poller) {
            poller.start();
            assertThat(poller.isPolling()).as("started").isTrue();

            sqs.failEveryReceive = true;
            assertThat(eventually(() -> !poller.isPolling())).as("in receive backoff").isTrue();
            assertThat(sqs.receiveFailures.get()).isPositive();

            sqs.failEveryReceive = false;
            assertThat(eventually(poller::isPolling)).as("receiving again").isTrue();
        }
        assertThat(poller.isPolling()).as("closed").isFalse();
    }

    /** Whether {@code condition} holds within 10 s (checked every 10 ms). */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
