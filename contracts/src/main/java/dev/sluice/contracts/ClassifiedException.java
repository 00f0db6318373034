package dev.sluice.contracts;

import java.util.Objects;

/**
 * A classified failure of a stage: its {@link ErrorClass}, whether another attempt may succeed, and what its alert
 * carries. The stage runtime reports a failure by these alone; an exception that is not classified counts as
 * retryable until the job's retry budget runs out.
 *
 * <p>Throw it as it is for a category with nothing more to say; subclasses exist only where a failure carries data
 * of its own (a setting's name, schema differences, a file and line, failed checks).
 *
 * <p>Messages never carry secrets or data values beyond what identifies the problem (a file, a line, a column).
 */
public class ClassifiedException extends RuntimeException {

    private final ErrorClass errorClass;
    private final boolean retryable;

    /** A failure of {@code errorClass}, retryable as its class is by default. */
    public ClassifiedException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    /** A failure of {@code errorClass}, retryable as its class is by default. */
    public ClassifiedException(ErrorClass errorClass, String message, Throwable cause) {
        this(errorClass, Objects.requireNonNull(errorClass, "errorClass").retryableByDefault(), message, cause);
    }

    /** A failure of {@code errorClass} whose retryability differs from its class's default, e.g. a wrapped cause's. */
    public ClassifiedException(ErrorClass errorClass, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.retryable = retryable;
    }

    /** The category: the {@code errorClass} of stage-failed, by its {@link ErrorClass#wireName()}. */
    public ErrorClass errorClass() {
        return errorClass;
    }

    /** Whether another attempt of the same work may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** What the failure's alert carries besides its message: by default a plain {@link Alert.Kind#FAILURE}. */
    public FailureAlert alert() {
        return FailureAlert.FAILURE;
    }
}
