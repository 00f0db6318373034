package dev.sluice.tracker;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.runtime.logging.LogContext;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.tracker.core.Decision;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.core.ReleaseInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's message handler, shared by the Lambda function and the container poller: decode a
 * data-ready event, let the core decide, and classify failures. An invalid event (bad JSON, schema
 * violation, unknown dataset, bad partition) is poison and goes to the DLQ with its reason; contention
 * and publish failures are retried.
 */
public final class TrackerHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerHandler.class);

    private final DependencyTracker tracker;
    private final EventCodec codec;

    public TrackerHandler(DependencyTracker tracker, EventCodec codec) {
        this.tracker = tracker;
        this.codec = codec;
    }

    @Override
    public void handle(InboundMessage message) {
        EventEnvelope<DataReady> event = codec.decode(message.body(), DataReady.class); // InvalidEventException: poison
        DependencyTracker.Outcome outcome;
        try {
            outcome = tracker.onDataReady(event);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        } catch (ReleaseInProgressException e) {
            throw new RetryableException(e.getMessage(), e, java.time.Duration.ofSeconds(5));
        }
        for (Decision d : outcome.decisions()) {
            try (LogContext ignored = LogContext.open().job(d.job()).partition(d.partition().key()).runId(d.runId())) {
                LOG.info("decision {} job={} partition={} generation={} missing={}", d.kind(), d.job(), d.partition().key(),
                        d.generation(), d.missing().size());
            }
        }
    }
}
