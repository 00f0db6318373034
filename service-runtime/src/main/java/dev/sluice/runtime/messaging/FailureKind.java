package dev.sluice.runtime.messaging;

import dev.sluice.contracts.InvalidEventException;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a failed message is treated; see {@link #classify}. */
public enum FailureKind {
    /** Left for redelivery. */
    RETRYABLE,
    /** Can never succeed: forwarded to the dead-letter queue now. */
    POISON,
    /** Failed on its last allowed receive: forwarded to the dead-letter queue with the last error. */
    EXHAUSTED;

    /**
     * Classifies a handler's failure.
     *
     * <ol>
     *   <li>An interruption ({@link InterruptedException} and its I/O kin anywhere in the cause chain) is
     *       {@link #RETRYABLE} whatever the receive count: it says the worker is stopping, not that the message is bad.
     *   <li>Otherwise the first {@link RetryableException}, {@link PoisonMessageException} or
     *       {@link InvalidEventException} in the cause chain decides: the latter two are {@link #POISON}.
     *   <li>Anything else is retryable.
     *   <li>A retryable failure on receive {@code maxReceiveCount} or later is {@link #EXHAUSTED}.
     * </ol>
     */
    public static FailureKind classify(Throwable error, int receiveCount, int maxReceiveCount) {
        if (isInterruption(error)) {
            return RETRYABLE;
        }
        if (poisonCause(error) != null) {
            return POISON;
        }
        return receiveCount >= maxReceiveCount ? EXHAUSTED : RETRYABLE;
    }

    /** The exception that makes {@code error} poison ({@link PoisonMessageException}, {@link InvalidEventException}), or null. */
    static Throwable poisonCause(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof RetryableException) {
                return null;
            }
            if (t instanceof PoisonMessageException || t instanceof InvalidEventException) {
                return t;
            }
        }
        return null;
    }

    static boolean isInterruption(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** {@code error} without the wrappers that only carry another exception across a thread or reflection boundary. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Iterable<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }
}
