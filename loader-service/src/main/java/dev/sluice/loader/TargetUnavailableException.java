package dev.sluice.loader;

import dev.sluice.dataplane.DataPlaneException;

/**
 * The target cannot take the data right now: connection refused, a timeout, HTTP 5xx or 429, throttling, a lock or
 * serialization conflict. Retryable: the message comes back and the load runs again (targets are idempotent).
 */
public class TargetUnavailableException extends DataPlaneException {

    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String errorClass() {
        return "TargetUnavailable";
    }
}
