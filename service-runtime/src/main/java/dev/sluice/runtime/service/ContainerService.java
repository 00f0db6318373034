package dev.sluice.runtime.service;

import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.PollerOptions;
import dev.sluice.runtime.messaging.SqsPoller;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.topology.QueueRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Container mode: long-polling consumers for a service's queues, plus its periodic tasks (for example
 * the tracker's deadline sweep), with a graceful shutdown.
 *
 * <p>With {@code SLUICE_HEALTH_PORT} set it serves the probes of an orchestrator ({@link HealthEndpoints}) from
 * construction on: {@code /health/live} answers 200 while the process runs; {@code /health/ready} answers 200 once
 * {@link #start()} has run (so every queue URL was resolved: the stack was reachable) and while every poller is
 * polling, and 503 before, during a receive backoff and from the start of shutdown.
 *
 * <p>{@link #runUntilShutdown()} stops on SIGTERM (or Ctrl-C): polling stops, messages in work get up to
 * {@code SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT} to finish (those still in work are released to another worker),
 * then the process exits (status 143, as after any SIGTERM).
 */
public final class ContainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);

    public static final String HEALTH_PORT = "SLUICE_HEALTH_PORT";
    /** Off unless set; 0 takes any free port (logged). */
    public static final SettingDef<Integer> HEALTH_PORT_SETTING = SettingDef.of(HEALTH_PORT, "integer", "off", null,
            "between 0 and 65535 (0: any free port)",
            "container mode: the port of the health endpoints /health/live and /health/ready; unset: no endpoints",
            text -> {
                int port = Integer.parseInt(text);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException();
                }
                return port;
            });

    public static final String STARTUP_TIMEOUT = "SLUICE_STARTUP_TIMEOUT";
    public static final SettingDef<Duration> STARTUP_TIMEOUT_SETTING = SettingDef.duration(STARTUP_TIMEOUT, Duration.ofMinutes(2),
            Duration.ofSeconds(1), Duration.ofHours(1),
            "container mode: how long a starting service keeps trying to reach its queues (backing off as the poller does) "
                    + "while the AWS endpoints do not answer, before it exits");

    /** Every container-mode setting (besides the service's, the poller's and the AWS ones). */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(HEALTH_PORT_SETTING, STARTUP_TIMEOUT_SETTING);

    private final ServiceContext context;
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final List<Runnable> starts = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final HealthEndpoints health;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * A service in container mode on {@code context}; its health endpoints listen from now on if
     * {@code SLUICE_HEALTH_PORT} is set.
     *
     * @throws dev.sluice.spec.settings.SettingException naming {@code SLUICE_HEALTH_PORT} and the value when it is bad
     */
    public ContainerService(ServiceContext context) {
        this.context = context;
        Integer port = HEALTH_PORT_SETTING.find(context.settings().lookup()).orElse(null);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, context.service() + "-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.health = port == null ? null : HealthEndpoints.start(port, this::isReady);
        if (health != null) {
            LOG.info("{} health endpoints on port {}: {} and {}", context.service(), health.port(), HealthEndpoints.LIVE,
                    HealthEndpoints.READY);
        }
    }

    /** Whether the service takes work: started, not stopping, and every poller polling (see the class comment). */
    public boolean isReady() {
        return started.get() && !closing.get() && pollers.stream().allMatch(SqsPoller::isPolling);
    }

    /** The port of the health endpoints, if they are on. */
    public OptionalInt healthPort() {
        return health == null ? OptionalInt.empty() : OptionalInt.of(health.port());
    }

    /**
     * Consumes the queue of {@code role} with {@code handler}. While the queue's URL cannot be resolved because the
     * endpoint does not answer (a network partition, the stack restarting), it retries with the poller's backoff for up
     * to {@code SLUICE_STARTUP_TIMEOUT}, not ready meanwhile; an answer that the queue does not exist fails at once.
     */
    public ContainerService consume(QueueRole role, MessageHandler handler) {
        String url = untilReachable("resolve the queue " + role.name().toLowerCase(Locale.ROOT), () -> context.resources().queueUrl(role));
        pollers.add(new SqsPoller(context.aws().sqs(), url, handler, context.deadLetters(), context.pollerOptions()));
        return this;
    }

    private <T> T untilReachable(String what, Supplier<T> call) {
        Duration timeout = STARTUP_TIMEOUT_SETTING.get(context.settings().lookup());
        long deadline = System.nanoTime() + timeout.toNanos();
        PollerOptions options = context.pollerOptions();
        long pause = Math.max(1, options.backoffInitial().toMillis());
        for (int failures = 1; ; failures++) {
            try {
                return call.get();
            } catch (SdkClientException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException(context.service() + " could not " + what + " within " + STARTUP_TIMEOUT + " ("
                            + PollerOptions.format(timeout) + "): " + e.getMessage(), e);
                }
                LOG.warn("{}: could not {} ({} in a row): {}; trying again in {} ms", context.service(), what, failures, e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(context.service() + " was interrupted while it tried to " + what, interrupted);
                }
                pause = Math.min(pause * 2, Math.max(1, options.backoffMax().toMillis()));
            }
        }
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
        started.set(true);
        LOG.info("{} started in container mode: {} queue(s), env {}", context.service(), pollers.size(), context.settings().env());
        return this;
    }

    /**
     * Stops polling, finishes or releases in-flight messages (every queue's at once, so within about one
     * {@code listenerShutdownTimeout}), stops periodic tasks, then the health endpoints. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        List<Thread> closes = pollers.stream()
                .map(p -> Thread.ofPlatform().name(context.service() + "-stop-" + p.queue().name()).start(p::close))
                .toList();
        for (Thread t : closes) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (health != null) {
            health.close();
        }
        LOG.info("{} stopped", context.service());
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C), then shuts down gracefully. */
    public void runUntilShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} asked to stop (SIGTERM or Ctrl-C): no new messages; those in work get up to {}",
                    context.service(), PollerOptions.format(context.pollerOptions().listenerShutdownTimeout()));
            close();
            context.close();
            stopped.countDown();
        }, context.service() + "-shutdown"));
        stopped.await();
    }
}
