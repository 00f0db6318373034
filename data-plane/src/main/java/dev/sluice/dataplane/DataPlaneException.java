package dev.sluice.dataplane;

/**
 * A failure of the data plane, classified so that the stage that sees it knows what to do with the message:
 * a {@link #retryable()} failure leaves the message for another attempt, any other one is poison and goes to the
 * dead-letter queue with its {@link #errorClass()} and message.
 *
 * <p>Messages never carry secrets or data values beyond what identifies the problem (a file, a line, a column).
 */
public abstract class DataPlaneException extends RuntimeException implements dev.sluice.runtime.stage.StageFailure {

    protected DataPlaneException(String message) {
        super(message);
    }

    protected DataPlaneException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether another attempt of the same work may succeed. */
    @Override
    public abstract boolean retryable();

    /** A stable name of the category, e.g. {@code SourceUnavailable}; the {@code errorClass} of stage-failed. */
    @Override
    public abstract String errorClass();
}
