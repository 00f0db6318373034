package dev.sluice.runtime.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Puts the fields that tie log lines together into the SLF4J MDC for the duration of a block, and restores what was
 * there before when closed. The JSON log format ({@link StructuredLogEncoder}) writes every MDC entry as a top-level
 * key.
 *
 * <pre>{@code
 * try (LogContext log = LogContext.open().runId(runId).job(job).partition(partition)) {
 *     LOG.info("extracting");   // {"ts":...,"message":"extracting","runId":"...","job":"...","partition":"..."}
 * }
 * }</pre>
 *
 * <p>The MDC is per thread: open and close a context on the same thread. A {@code null} value removes the key for the
 * duration of the block.
 */
public final class LogContext implements AutoCloseable {

    public static final String RUN_ID = "runId";
    public static final String CORRELATION_ID = "correlationId";
    public static final String JOB = "job";
    public static final String PARTITION = "partition";
    public static final String STAGE = "stage";
    public static final String MESSAGE_ID = "messageId";
    public static final String SERVICE = "service";
    /** The W3C trace id of the run (see {@code TraceParent}): one trace per run. */
    public static final String TRACE_ID = "traceId";

    private record Previous(String key, String value) {
    }

    private final Deque<Previous> previous = new ArrayDeque<>();
    private boolean closed;

    private LogContext() {
    }

    /** An empty context; add fields with the fluent setters, each of which takes effect at once. */
    public static LogContext open() {
        return new LogContext();
    }

    public LogContext runId(String runId) {
        return put(RUN_ID, runId);
    }

    public LogContext correlationId(String correlationId) {
        return put(CORRELATION_ID, correlationId);
    }

    public LogContext traceId(String traceId) {
        return put(TRACE_ID, traceId);
    }

    public LogContext job(String job) {
        return put(JOB, job);
    }

    public LogContext partition(String partition) {
        return put(PARTITION, partition);
    }

    public LogContext stage(String stage) {
        return put(STAGE, stage);
    }

    public LogContext messageId(String messageId) {
        return put(MESSAGE_ID, messageId);
    }

    /** Sets any MDC key until {@link #close()}; {@code null} removes it until then. */
    public LogContext put(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (closed) {
            throw new IllegalStateException("LogContext is closed");
        }
        previous.push(new Previous(key, MDC.get(key)));
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return this;
    }

    /** Restores every key set through this context to its value before. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!previous.isEmpty()) {
            Previous p = previous.pop();
            if (p.value() == null) {
                MDC.remove(p.key());
            } else {
                MDC.put(p.key(), p.value());
            }
        }
    }
}
