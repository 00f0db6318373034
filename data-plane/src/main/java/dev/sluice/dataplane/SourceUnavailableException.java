package dev.sluice.dataplane;

/** The source cannot be reached right now: connection refused, timeout, throttling or a server error after the retry budget. Retryable. */
public class SourceUnavailableException extends DataPlaneException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String errorClass() {
        return "SourceUnavailable";
    }
}
