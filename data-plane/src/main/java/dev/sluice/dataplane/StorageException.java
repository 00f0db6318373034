package dev.sluice.dataplane;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;

/**
 * An S3 operation failed. {@link #retryable()} ({@code StorageUnavailable}) for network errors, throttling and server
 * errors; not ({@code StorageRejected}) for access denied or a missing bucket. {@link #statusCode()} is the HTTP status, or 0 if the request got no answer.
 */
public class StorageException extends ClassifiedException {

    private final int statusCode;

    public StorageException(String message, int statusCode, boolean retryable, Throwable cause) {
        super(retryable ? ErrorClass.STORAGE_UNAVAILABLE : ErrorClass.STORAGE_REJECTED, message, cause);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Whether S3 refused access (HTTP 403). */
    public boolean accessDenied() {
        return statusCode == 403;
    }
}
