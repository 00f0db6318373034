package dev.sluice.dataplane;

/** The source rejected the request itself (HTTP 4xx other than 401/403/429, a SQL error in the query): retrying the same request cannot help. */
public class SourceRequestException extends DataPlaneException {

    public SourceRequestException(String message) {
        super(message);
    }

    public SourceRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "SourceRequestRejected";
    }
}
