package dev.sluice.loader;

import dev.sluice.dataplane.DataPlaneException;

/**
 * The target refused the data or the request for good: a type mismatch, a missing column or unique constraint, a
 * mapping conflict, an HTTP 4xx. Not retryable: the spec, the target or the data must be fixed.
 */
public class TargetRejectedException extends DataPlaneException {

    public TargetRejectedException(String message) {
        super(message);
    }

    public TargetRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "TargetRejected";
    }
}
