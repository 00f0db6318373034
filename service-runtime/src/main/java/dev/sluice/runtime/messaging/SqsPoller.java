package dev.sluice.runtime.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The container-mode adapter: polls one SQS queue and drives a {@link MessageHandler}, with
 *
 * <ul>
 *   <li><b>long polling</b>: ReceiveMessage waits up to {@code pollTimeout};
 *   <li><b>bounded concurrency</b>: at most {@code maxConcurrentMessages} messages are in work, each on a worker
 *       thread of a fixed pool; the poller asks only for as many messages as there are free workers, so no message
 *       waits unstarted while its visibility timeout runs;
 *   <li><b>visibility extension</b>: every {@code visibilityExtensionInterval} the visibility of each message still in
 *       work is renewed to {@code visibilityTimeout}, so long work is not redelivered meanwhile;
 *   <li><b>backoff</b>: after a failed SQS call (receive, delete, dead-letter forward) polling pauses, exponentially
 *       longer with jitter from {@code backoffInitial} up to {@code backoffMax}, until calls succeed again. A
 *       handler's own failures do not slow polling: each failed message waits out its visibility timeout;
 *   <li><b>graceful shutdown</b> ({@link #close()}): polling stops, messages in work get up to
 *       {@code listenerShutdownTimeout} to finish; once the receive in progress has returned, those still in work
 *       are released (visibility 0) for another worker and their threads interrupted. That receive is not aborted
 *       (the SDK's synchronous client cannot be) but what it returns is released at once; so shutdown takes at most
 *       about {@code max(listenerShutdownTimeout, pollTimeout)}.
 * </ul>
 *
 * <p>Outcomes are decided by {@link MessageProcessor}: success and dead-lettered messages are deleted, others are left
 * for redelivery. Standard queues only. Platform threads, not virtual ones: handlers run native and JDBC code
 * (DuckDB) that would pin a virtual thread's carrier on Java 21.
 *
 * <pre>{@code
 * SqsPoller poller = new SqsPoller(aws.sqs(), queueUrl, handler, new SqsDeadLetterForwarder(aws.sqs()),
 *         PollerOptions.fromEnvironment());
 * Runtime.getRuntime().addShutdownHook(new Thread(poller::close));
 * poller.start();
 * }</pre>
 */
public final class SqsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);
    /** How long one wait for a free worker lasts before the poller checks again whether it should stop. */
    private static final Duration PERMIT_WAIT = Duration.ofMillis(500);
    /** How long shutdown waits for interrupted workers, and for the last receive beyond its long poll. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private enum Phase { WORKING, DONE, RELEASED }

    private final SqsClient sqs;
    private final String queueUrl;
    private final QueueRef queue;
    private final MessageProcessor processor;
    private final PollerOptions options;
    private final Backoff backoff;
    private final Semaphore permits;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicInteger ackFailures = new AtomicInteger();
    /** Failed receives in a row: 0 while the queue answers. */
    private final AtomicInteger receiveFailures = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ExecutorService workers;
    private ScheduledExecutorService scheduler;
    private Thread pollThread;

    public SqsPoller(SqsClient sqs, String queueUrl, MessageHandler handler, DeadLetterForwarder deadLetters,
                     PollerOptions options) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.queue = QueueRef.fromUrl(queueUrl);
        this.options = Objects.requireNonNull(options, "options");
        this.processor = new MessageProcessor(handler, deadLetters, options.maxReceiveCount());
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        this.permits = new Semaphore(options.maxConcurrentMessages());
    }

    public PollerOptions options() {
        return options;
    }

    public QueueRef queue() {
        return queue;
    }

    /** Starts polling on a thread of its own, and returns. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("poller of " + queue + " is " + state.get() + "; a poller starts once");
        }
        workers = Executors.newFixedThreadPool(options.maxConcurrentMessages(), threads("sluice-worker-" + queue.name() + "-", false));
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("sluice-visibility-" + queue.name() + "-", true));
        pollThread = threads("sluice-poller-" + queue.name() + "-", false).newThread(this::pollLoop);
        pollThread.start();
        LOG.info("polling {} with {}", queue, options);
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * Whether this poller is polling its queue: started, not stopping, and its last receive (if any) did not fail. A
     * poller in receive backoff (the queue unreachable) is not.
     */
    public boolean isPolling() {
        return isRunning() && receiveFailures.get() == 0;
    }

    /** Messages in work now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Waits until {@link #close()} has finished, up to {@code timeout}; true if it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops gracefully (see the class comment) and returns when done. Idempotent; a second caller returns at once.
     */
    @Override
    public void close() {
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            stopped.countDown();
            return;
        }
        if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
            return;
        }
        stopSignal.countDown();
        long started = System.nanoTime();
        LOG.info("stopping the poller of {}: {} message(s) in work", queue, inFlight.size());
        try {
            awaitIdle(options.listenerShutdownTimeout());
            // The poll thread first: a message released while it still polls would be received (and counted) again.
            pollThread.join(options.pollTimeout().plus(SHUTDOWN_MARGIN).toMillis());
            if (pollThread.isAlive()) {
                LOG.warn("the poll thread of {} is still in a receive; what it returns stays invisible until its "
                        + "visibility timeout", queue);
            }
            int released = 0;
            for (InFlight f : List.copyOf(inFlight)) {
                if (release(f)) {
                    released++;
                }
            }
            if (released > 0) {
                LOG.warn("{} message(s) of {} still in work after {}: released for another worker", released,
                        queue, PollerOptions.format(options.listenerShutdownTimeout()));
            }
            workers.shutdownNow();
            if (!workers.awaitTermination(SHUTDOWN_MARGIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker threads of {} did not stop within {} of being interrupted", queue,
                        PollerOptions.format(SHUTDOWN_MARGIN));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } finally {
            scheduler.shutdownNow();
            state.set(State.STOPPED);
            stopped.countDown();
            LOG.info("stopped the poller of {} in {} ms", queue, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private void pollLoop() {
        while (isRunning()) {
            int failures = Math.max(receiveFailures.get(), ackFailures.get());
            if (failures > 0 && !pause(backoff.delay(failures))) {
                break;
            }
            int wanted = acquirePermits();
            if (wanted == 0) {
                break;
            }
            List<Message> messages;
            try {
                messages = receive(wanted);
                receiveFailures.set(0);
            } catch (RuntimeException e) {
                permits.release(wanted);
                int inARow = receiveFailures.incrementAndGet();
                LOG.warn("receive from {} failed ({} in a row): {}", queue, inARow, e.toString());
                continue;
            }
            permits.release(wanted - messages.size());
            for (Message message : messages) {
                dispatch(message);
            }
        }
    }

    /** Waits for a free worker, then takes up to {@code maxMessagesPerPoll} free ones; 0 when stopping. */
    private int acquirePermits() {
        try {
            while (isRunning()) {
                if (permits.tryAcquire(PERMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    int taken = 1;
                    while (taken < options.maxMessagesPerPoll() && permits.tryAcquire()) {
                        taken++;
                    }
                    if (isRunning()) {
                        return taken;
                    }
                    permits.release(taken);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Sleeps {@code delay} unless asked to stop meanwhile; false if asked to stop. */
    private boolean pause(Duration delay) {
        LOG.debug("backing off {} ms before polling {} again", delay.toMillis(), queue);
        try {
            return !stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<Message> receive(int max) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds((int) options.pollTimeout().toSeconds())
                        .visibilityTimeout((int) options.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.SENT_TIMESTAMP)
                        .messageAttributeNames("All"))
                .messages();
    }

    private void dispatch(Message message) {
        InFlight f;
        try {
            f = new InFlight(toInboundMessage(message, queue));
        } catch (RuntimeException e) {
            // Cannot happen with SQS's responses; never let it end the poll loop. The message returns after its timeout.
            LOG.error("could not read message {} from {}", message.messageId(), queue, e);
            permits.release();
            return;
        }
        inFlight.add(f);
        try {
            if (!isRunning()) {
                throw new RejectedExecutionException("stopping");
            }
            long interval = options.visibilityExtensionInterval().toMillis();
            f.extension = scheduler.scheduleAtFixedRate(() -> extend(f), interval, interval, TimeUnit.MILLISECONDS);
            workers.execute(() -> work(f));
        } catch (RejectedExecutionException e) {
            // Received as shutdown began: give it back at once rather than after its visibility timeout.
            release(f);
            finish(f);
        }
    }

    private void work(InFlight f) {
        try {
            Outcome outcome = processor.process(f.message);
            cancelExtension(f);
            if (!f.phase.compareAndSet(Phase.WORKING, Phase.DONE)) {
                LOG.info("message {} finished after it was released at shutdown; left to its next receiver",
                        f.message.messageId());
                return;
            }
            if (outcome instanceof Outcome.ForwardFailed) {
                ackFailures.incrementAndGet();
            }
            if (outcome.acknowledge()) {
                delete(f);
            } else if (outcome instanceof Outcome.Retry retry) {
                RetryableException.retryAfterOf(retry.error()).ifPresent(delay -> retryAfter(f, delay));
            }
        } finally {
            finish(f);
        }
    }

    private void delete(InFlight f) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(f.message.receiptHandle()));
            ackFailures.set(0);
        } catch (RuntimeException e) {
            int failures = ackFailures.incrementAndGet();
            LOG.warn("could not delete message {} from {} ({} failure(s) in a row); it will be received again: {}",
                    f.message.messageId(), queue, failures, e.toString());
        }
    }

    /** Makes a failed message visible again after {@code delay} rather than after its visibility timeout. */
    private void retryAfter(InFlight f, java.time.Duration delay) {
        int seconds = (int) Math.max(0, Math.min(43_200, delay.toSeconds()));
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(f.message.receiptHandle()).visibilityTimeout(seconds));
            LOG.debug("message {} retries in {} s", f.message.messageId(), seconds);
        } catch (RuntimeException e) {
            LOG.warn("could not set the retry delay of message {}; it returns after its visibility timeout: {}", f.message.messageId(), e.toString());
        }
    }

    private void extend(InFlight f) {
        if (f.phase.get() != Phase.WORKING) {
            return;
        }
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                    .receiptHandle(f.message.receiptHandle())
                    .visibilityTimeout((int) options.visibilityTimeout().toSeconds()));
            LOG.debug("extended the visibility of message {} by {}", f.message.messageId(),
                    PollerOptions.format(options.visibilityTimeout()));
        } catch (RuntimeException e) {
            LOG.warn("could not extend the visibility of message {} in {}: {}", f.message.messageId(), queue, e.toString());
        }
    }

    /** Makes a message in work visible again at once, unless it finished; true if this call released it. */
    private boolean release(InFlight f) {
        if (!f.phase.compareAndSet(Phase.WORKING, Phase.RELEASED)) {
            return false;
        }
        cancelExtension(f);
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(f.message.receiptHandle()).visibilityTimeout(0));
            LOG.info("released message {} to {}", f.message.messageId(), queue);
        } catch (RuntimeException e) {
            LOG.warn("could not release message {} to {}; it returns after its visibility timeout: {}",
                    f.message.messageId(), queue, e.toString());
        }
        return true;
    }

    private static void cancelExtension(InFlight f) {
        ScheduledFuture<?> extension = f.extension;
        if (extension != null) {
            extension.cancel(false);
        }
    }

    private void finish(InFlight f) {
        cancelExtension(f);
        if (inFlight.remove(f)) {
            permits.release();
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!inFlight.isEmpty()) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                idle.wait(remaining);
            }
        }
        return true;
    }

    /** The SDK's message as the handler sees it. */
    static InboundMessage toInboundMessage(Message message, QueueRef queue) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value != null && value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        Map<MessageSystemAttributeName, String> system = message.attributes();
        Instant sent = InboundMessage.parseEpochMillis(system.get(MessageSystemAttributeName.SENT_TIMESTAMP));
        return new InboundMessage(
                message.messageId(),
                message.receiptHandle(),
                message.body(),
                attributes,
                InboundMessage.parseReceiveCount(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)),
                queue,
                sent);
    }

    private static ThreadFactory threads(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    /** One message in work. */
    private static final class InFlight {
        final InboundMessage message;
        final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WORKING);
        volatile ScheduledFuture<?> extension;

        InFlight(InboundMessage message) {
            this.message = message;
        }
    }
}
