package dev.sluice.runtime.stage;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an attempt's {@code (runId, stage)} claim alive while its work runs, as the poller keeps the message hidden:
 * every third of the lease, a conditional write on the stage record's revision moves {@code leaseUntil} a whole lease
 * ahead. A claim whose holder died stops being renewed, so it expires within one lease and another receive takes the
 * work over. The record after the last renewal ({@link #current()}) is what the attempt's outcome is written against.
 */
final class LeaseRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewal.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-stage-lease");
        t.setDaemon(true);
        return t;
    });

    private final AtomicReference<StageRecord> current;
    private final ScheduledFuture<?> task;

    private LeaseRenewal(StageRecord claimed, RunStore runs, Clock clock, Duration lease) {
        this.current = new AtomicReference<>(claimed);
        long every = Math.max(1, lease.toMillis() / 3);
        this.task = TIMER.scheduleWithFixedDelay(() -> renew(runs, clock, lease), every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts renewing {@code claimed} every third of {@code lease}. */
    static LeaseRenewal start(StageRecord claimed, RunStore runs, Clock clock, Duration lease) {
        return new LeaseRenewal(claimed, runs, clock, lease);
    }

    /** Renews once now (the timer calls this). */
    void renew(RunStore runs, Clock clock, Duration lease) {
        StageRecord record = current.get();
        try {
            runs.compareAndSet(record.withLeaseUntil(clock.instant().plus(lease)), record.revision())
                    .ifPresentOrElse(current::set, () -> LOG.warn("stage {} of run {}: the claim changed under this attempt; not renewed",
                            record.stage().wireName(), record.runId()));
        } catch (RuntimeException e) {
            LOG.warn("stage {} of run {}: could not renew the claim ({}); trying again", record.stage().wireName(), record.runId(),
                    e.getMessage());
        }
    }

    /** The claim as last written. */
    StageRecord current() {
        return current.get();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
