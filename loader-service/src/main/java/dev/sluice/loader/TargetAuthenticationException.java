package dev.sluice.loader;

import dev.sluice.dataplane.DataPlaneException;

/** The target refused the credentials (bad password, HTTP 401/403). Not retryable: a person must fix the secret or the grant. */
public class TargetAuthenticationException extends DataPlaneException {

    public TargetAuthenticationException(String message) {
        super(message);
    }

    public TargetAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "TargetAuthentication";
    }
}
