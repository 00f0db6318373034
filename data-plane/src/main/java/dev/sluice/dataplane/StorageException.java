package dev.sluice.dataplane;

/**
 * An S3 operation failed. {@link #retryable()} for network errors, throttling and server errors; not for
 * access denied or a missing bucket. {@link #statusCode()} is the HTTP status, or 0 if the request got no answer.
 */
public class StorageException extends DataPlaneException {

    private final int statusCode;
    private final boolean retryable;

    public StorageException(String message, int statusCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Whether S3 refused access (HTTP 403). */
    public boolean accessDenied() {
        return statusCode == 403;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }

    @Override
    public String errorClass() {
        return retryable ? "StorageUnavailable" : "StorageRejected";
    }
}
