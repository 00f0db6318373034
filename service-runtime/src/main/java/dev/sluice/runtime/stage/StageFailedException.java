package dev.sluice.runtime.stage;

/** A plain {@link StageFailure}: a category, a message and whether to try again. */
public class StageFailedException extends RuntimeException implements StageFailure {
    private final String errorClass;
    private final boolean retryable;

    public StageFailedException(String errorClass, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.retryable = retryable;
    }

    public StageFailedException(String errorClass, String message, boolean retryable) {
        this(errorClass, message, retryable, null);
    }

    @Override
    public boolean retryable() {
        return retryable;
    }

    @Override
    public String errorClass() {
        return errorClass;
    }
}
