package dev.sluice.dataplane;

/** The source refused the credentials (bad password, HTTP 401/403, access denied). Not retryable: a person must fix the secret or the grant. */
public class SourceAuthenticationException extends DataPlaneException {

    public SourceAuthenticationException(String message) {
        super(message);
    }

    public SourceAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "SourceAuthentication";
    }
}
