package dev.sluice.dataplane;

/** A guard configured in the spec was exceeded, e.g. `maxPages` of an HTTP source. */
public class LimitExceededException extends DataPlaneException {

    public LimitExceededException(String message) {
        super(message);
    }

    public LimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "LimitExceeded";
    }
}
