package dev.sluice.runtime.service;

import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.SqsPoller;
import dev.sluice.spec.topology.QueueRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container mode: long-polling consumers for a service's queues, plus its periodic tasks (for example
 * the tracker's deadline sweep), with a graceful shutdown.
 */
public final class ContainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);

    private final ServiceContext context;
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final List<Runnable> starts = new ArrayList<>();
    private final ScheduledExecutorService scheduler;

    public ContainerService(ServiceContext context) {
        this.context = context;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, context.service() + "-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Consumes the queue of {@code role} with {@code handler}. */
    public ContainerService consume(QueueRole role, MessageHandler handler) {
        String url = context.resources().queueUrl(role);
        pollers.add(new SqsPoller(context.aws().sqs(), url, handler, context.deadLetters(), context.pollerOptions()));
        return this;
    }

    /** Runs {@code task} every {@code interval}; a failing run is logged and the next one still runs. */
    public ContainerService every(Duration interval, String name, Runnable task) {
        starts.add(() -> scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("periodic task {} failed; it runs again in {}", name, interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
        return this;
    }

    public ContainerService start() {
        pollers.forEach(SqsPoller::start);
        starts.forEach(Runnable::run);
        LOG.info("{} started in container mode: {} queue(s), env {}", context.service(), pollers.size(), context.settings().env());
        return this;
    }

    /** Stops polling, finishes or releases in-flight messages, stops periodic tasks. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        pollers.forEach(SqsPoller::close);
        LOG.info("{} stopped", context.service());
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C), then shuts down gracefully. */
    public void runUntilShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            context.close();
            stopped.countDown();
        }, context.service() + "-shutdown"));
        stopped.await();
    }
}
