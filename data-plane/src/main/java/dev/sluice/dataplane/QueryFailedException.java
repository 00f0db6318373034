package dev.sluice.dataplane;

/** DuckDB failed to run a statement for a reason that is not classified further (a bad SQL text, out of memory). */
public class QueryFailedException extends DataPlaneException {

    public QueryFailedException(String message) {
        super(message);
    }

    public QueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "QueryFailed";
    }
}
