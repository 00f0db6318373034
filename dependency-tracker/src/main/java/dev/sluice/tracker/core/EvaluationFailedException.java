package dev.sluice.tracker.core;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.tracker.store.JobPartition;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One or more job partitions failed while the others of the same event (or sweep) were evaluated: each
 * partition is evaluated in isolation, and the failures are reported together at the end.
 *
 * <p>Retryable when any failure is retryable ({@link #isRetryable}); otherwise every failure is one that
 * no retry can fix, and the message is poison. {@link #leaseUntil()} is the latest lease any partition waits
 * on, so that a retry comes after it.
 */
public final class EvaluationFailedException extends ClassifiedException {
    private final transient Map<JobPartition, RuntimeException> failures;
    private final transient Instant leaseUntil;

    EvaluationFailedException(Map<JobPartition, RuntimeException> failures) {
        super(ErrorClass.INVALID_WORK, failures.values().stream().anyMatch(EvaluationFailedException::isRetryable),
                describe(failures), failures.values().iterator().next());
        this.failures = Map.copyOf(new LinkedHashMap<>(failures));
        this.leaseUntil = failures.values().stream()
                .filter(ReleaseInProgressException.class::isInstance)
                .map(e -> ((ReleaseInProgressException) e).leaseUntil())
                .filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        failures.values().stream().skip(1).forEach(this::addSuppressed);
    }

    /** The failed job partitions and why. */
    public Map<JobPartition, RuntimeException> failures() {
        return failures;
    }

    /** The latest publishing lease a failed partition waits on, if any. */
    public Optional<Instant> leaseUntil() {
        return Optional.ofNullable(leaseUntil);
    }

    /**
     * Whether another attempt may succeed. Not retryable: a refused input or spec
     * ({@link IllegalArgumentException}, non-retryable {@link ClassifiedException}, poison) and the errors of
     * deterministic computation ({@link DateTimeException}, {@link ArithmeticException}), which give the same
     * result every time. Everything else (store and publish failures, a lease in the way, an unknown error) is
     * retried, bounded by the queue's {@code maxReceiveCount}, after which the message is dead-lettered with it.
     */
    public static boolean isRetryable(Throwable e) {
        if (e instanceof ClassifiedException c) {
            return c.retryable();
        }
        if (e instanceof RetryableException || e instanceof ReleaseInProgressException) {
            return true;
        }
        return !(e instanceof PoisonMessageException || e instanceof IllegalArgumentException
                || e instanceof DateTimeException || e instanceof ArithmeticException);
    }

    private static String describe(Map<JobPartition, RuntimeException> failures) {
        return failures.size() + " job partition(s) failed: " + failures.entrySet().stream()
                .map(e -> e.getKey().job() + "[" + e.getKey().partition().key() + "]: " + e.getValue().getMessage())
                .collect(Collectors.joining("; "));
    }
}
