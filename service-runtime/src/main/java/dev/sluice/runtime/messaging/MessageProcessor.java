package dev.sluice.runtime.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.contracts.TraceParent;
import dev.sluice.runtime.logging.LogContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The part both adapters share: runs the {@link MessageHandler} on one message with the message's ids in the MDC,
 * classifies how it ended ({@link FailureKind#classify}), forwards poison and exhausted messages to the dead-letter
 * queue, and returns the {@link Outcome}. The adapters only translate the outcome: delete or not (poller), or list
 * the message among the batch item failures or not (Lambda).
 *
 * <p>Thread-safe if the handler is.
 */
public final class MessageProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MessageProcessor.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** The envelope field holding the correlation id (CloudEvents extension attribute). */
    static final String CORRELATION_ID_FIELD = "correlationid";

    private final MessageHandler handler;
    private final DeadLetterForwarder deadLetters;
    private final int maxReceiveCount;
    private final Clock clock;

    public MessageProcessor(MessageHandler handler, DeadLetterForwarder deadLetters, int maxReceiveCount) {
        this(handler, deadLetters, maxReceiveCount, Clock.systemUTC());
    }

    public MessageProcessor(MessageHandler handler, DeadLetterForwarder deadLetters, int maxReceiveCount, Clock clock) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        if (maxReceiveCount < 1) {
            throw new IllegalArgumentException("maxReceiveCount must be at least 1, not " + maxReceiveCount);
        }
        this.maxReceiveCount = maxReceiveCount;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    /**
     * Handles {@code message} and decides what becomes of it. Never throws, except a {@link VirtualMachineError}.
     * The MDC holds {@code messageId}, {@code correlationId} and, when the message has them as attributes,
     * {@code job} and {@code stage} while the handler runs; the MDC is restored afterwards, whatever the handler
     * put into it.
     */
    public Outcome process(InboundMessage message) {
        Map<String, String> saved = MDC.getCopyOfContextMap();
        String correlationId = correlationIdOf(message);
        try (LogContext ignored = LogContext.open()
                .messageId(message.messageId())
                .correlationId(correlationId)
                .traceId(TraceParent.parse(message.attributes().get(MessageAttributes.TRACEPARENT)).map(TraceParent::traceId).orElse(null))
                .job(message.attributes().get(MessageAttributes.JOB))
                .stage(message.attributes().get(MessageAttributes.STAGE))) {
            try {
                handler.handle(message);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return onFailure(message, correlationId, e);
            }
            LOG.debug("handled message {} from {} (receive {})", message.messageId(), message.sourceQueue(),
                    message.approximateReceiveCount());
            return new Outcome.Succeeded();
        } finally {
            // Whatever the handler left in the MDC must not leak into the next message on this thread.
            if (saved == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(saved);
            }
        }
    }

    private Outcome onFailure(InboundMessage message, String correlationId, Throwable error) {
        FailureKind kind = FailureKind.classify(error, message.approximateReceiveCount(), maxReceiveCount);
        if (kind == FailureKind.RETRYABLE) {
            LOG.warn("message {} from {} failed on receive {} of at most {}; left for redelivery: {}",
                    message.messageId(), message.sourceQueue(), message.approximateReceiveCount(), maxReceiveCount,
                    DeadLetter.describe(error), error);
            return new Outcome.Retry(error);
        }
        DeadLetter letter = DeadLetter.of(message, kind, error, maxReceiveCount, correlationId, clock.instant());
        try {
            handler.onDeadLetter(message, letter.reason());
        } catch (RuntimeException hookError) {
            LOG.error("the handler could not finish message {} before dead-lettering it ({}): {}", message.messageId(),
                    letter.reason(), hookError.getMessage(), hookError);
        }
        try {
            deadLetters.forward(letter);
            return new Outcome.DeadLettered(letter);
        } catch (RuntimeException forwardError) {
            forwardError.addSuppressed(error);
            LOG.error("could not forward message {} ({}: {}) to {}; left for redelivery", message.messageId(),
                    kind, letter.reason(), letter.deadLetterQueueName(), forwardError);
            return new Outcome.ForwardFailed(letter, forwardError);
        }
    }

    /**
     * The {@code correlationid} of the event in the body, if the body is a JSON object with a string there;
     * otherwise the message id. Reads only as far as needed, and never fails.
     */
    public static String correlationIdOf(InboundMessage message) {
        String body = message.body();
        if (body.isBlank()) {
            return message.messageId();
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return message.messageId();
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (CORRELATION_ID_FIELD.equals(field) && value == JsonToken.VALUE_STRING) {
                    String id = parser.getText();
                    return id.isBlank() ? message.messageId() : id;
                }
                parser.skipChildren();
            }
            return message.messageId();
        } catch (IOException | RuntimeException e) {
            return message.messageId();
        }
    }
}
