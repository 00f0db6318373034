package dev.sluice.tracker;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.TraceParent;
import dev.sluice.runtime.logging.LogContext;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.runtime.messaging.SnsNotification;
import dev.sluice.runtime.metrics.Metrics;
import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.EvaluationFailedException;
import dev.sluice.tracker.core.ReleaseInProgressException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's message handler, shared by the Lambda function and the container poller: decode a
 * data-ready event, let the core decide, and classify failures. An invalid event (bad JSON, schema
 * violation, unknown dataset, bad partition) is poison and goes to the DLQ with its reason, and so is a
 * deterministic failure of the evaluation (e.g. date arithmetic); a release in flight is retried after its
 * lease, contention and publish or store failures are retried (up to the queue's {@code maxReceiveCount}).
 */
public final class TrackerHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerHandler.class);

    /** The retry delay after losing the conditional write repeatedly (no lease in the way). */
    public static final Duration CONTENTION_DELAY = Duration.ofSeconds(5);
    /** Added to a lease's remaining time, so that the retry finds it expired. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

    private final DependencyTracker tracker;
    private final EventCodec codec;
    private final IngressPolicy ingress;
    private final Metrics metrics;

    /** @param ingress who may publish which data-ready events, by the topic they come from */
    public TrackerHandler(DependencyTracker tracker, EventCodec codec, IngressPolicy ingress) {
        this(tracker, codec, ingress, Metrics.standardOutput("unknown", TrackerFactory.SERVICE));
    }

    /** @param metrics where the tracker's metrics go: release latency and queue wait */
    public TrackerHandler(DependencyTracker tracker, EventCodec codec, IngressPolicy ingress, Metrics metrics) {
        this.metrics = metrics;
        this.tracker = tracker;
        this.codec = codec;
        this.ingress = ingress;
    }

    @Override
    public void handle(InboundMessage message) {
        SnsNotification notification = SnsNotification.parse(message.body()).orElseThrow(() -> new PoisonMessageException(
                "refused: the tracker takes data-ready events as SNS notifications that name their topic (its subscriptions"
                        + " deliver without raw delivery); this message has no SNS envelope, so who published it is unknown"));
        if (ingress.isFileArrivalTopic(notification.topic())) {
            // The data bucket's object-created notifications: each record is a data-ready of a file-fed dataset.
            List<EventEnvelope<DataReady>> arrivals;
            try {
                arrivals = fileArrivals().dataReady(notification.message());
            } catch (IllegalArgumentException refused) {
                throw new PoisonMessageException(refused.getMessage(), refused);
            }
            for (EventEnvelope<DataReady> event : arrivals) {
                accept(message, event, null);
            }
            return;
        }
        EventEnvelope<DataReady> event = codec.decode(notification.message(), DataReady.class); // InvalidEventException: poison
        accept(message, event, notification.topic());
    }

    private volatile FileArrivals fileArrivals;

    private FileArrivals fileArrivals() {
        FileArrivals f = fileArrivals;
        if (f == null) {
            f = ingress.fileArrivals();
            fileArrivals = f;
        }
        return f;
    }

    /** Records {@code event}, checked against the ingress policy of {@code topic} (null: made here from a file arrival). */
    private void accept(InboundMessage message, EventEnvelope<DataReady> event, String topic) {
        DependencyTracker.Outcome outcome;
        try {
            if (topic != null) {
                ingress.check(topic, event.data());
            }
            outcome = tracker.onDataReady(event);
        } catch (IllegalArgumentException refused) {
            tracker.alertRefused(event, refused.getMessage());
            throw new PoisonMessageException(refused.getMessage(), refused);
        } catch (ReleaseInProgressException e) {
            throw new RetryableException(e.getMessage(), e, retryDelay(e.leaseUntil()));
        } catch (EvaluationFailedException e) {
            if (!e.retryable()) {
                throw new PoisonMessageException(e.getMessage(), e);
            }
            throw new RetryableException(e.getMessage(), e, retryDelay(e.leaseUntil().orElse(null)));
        } catch (RuntimeException e) {
            // Unexpected errors are classified too (see EvaluationFailedException#isRetryable): deterministic
            // ones are poison with their reason; the others are retried up to the queue's maxReceiveCount.
            if (!EvaluationFailedException.isRetryable(e)) {
                throw new PoisonMessageException(reason(e), e);
            }
            throw e;
        }
        Instant now = tracker.clock().instant();
        if (message.sentTimestamp() != null) {
            metrics.emit(Map.of("Queue", message.sourceQueue().name()), Map.of(),
                    List.of(Metrics.Value.millis(Metrics.QUEUE_WAIT, Math.max(0, Duration.between(message.sentTimestamp(), now).toMillis()))));
        }
        for (Decision d : outcome.decisions()) {
            try (LogContext ignored = LogContext.open().job(d.job()).partition(d.partition().key()).runId(d.runId())
                    .traceId(d.runId() == null ? null : TraceParent.traceIdOf(d.runId()))) {
                LOG.info("decision {} job={} partition={} generation={} missing={}", d.kind(), d.job(), d.partition().key(),
                        d.generation(), d.missing().size());
            }
            if (d.kind() == Decision.Kind.RELEASED) {
                // From the data-ready that completed the inputs (its publish time) to the release.
                long latency = Math.max(0, Duration.between(event.time(), now).toMillis());
                metrics.emit(Map.of("Job", d.job()), Map.of("runId", d.runId()), List.of(Metrics.Value.millis(Metrics.RELEASE_LATENCY, latency)));
            }
        }
    }

    /**
     * When to retry a message that met a release in flight: after the lease in the way runs out (plus
     * {@link #LEASE_MARGIN}), so the retry takes over a crashed publisher instead of spending the message's
     * receives while the lease is live; {@link #CONTENTION_DELAY} for contention without a lease. Start-up
     * checks that the lease is shorter than the visibility timeout and that a retry is left after one such
     * delay ({@link dev.sluice.tracker.core.TrackerTiming}).
     */
    Duration retryDelay(Instant leaseUntil) {
        if (leaseUntil == null) {
            return CONTENTION_DELAY;
        }
        Duration remaining = Duration.between(tracker.clock().instant(), leaseUntil);
        return (remaining.isNegative() ? Duration.ZERO : remaining).plus(LEASE_MARGIN);
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
