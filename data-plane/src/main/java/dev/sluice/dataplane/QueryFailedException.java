package dev.sluice.dataplane;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;

/**
 * DuckDB failed to run a statement for a reason that is not classified further (a bad SQL text, out of memory):
 * {@code QueryFailed}, with DuckDB's {@link java.sql.SQLException} as cause. Its own type, so that callers that know
 * what the statement did catch it and classify it better (malformed data, a job's SQL error).
 */
public class QueryFailedException extends ClassifiedException {

    public QueryFailedException(String message, Throwable cause) {
        super(ErrorClass.QUERY_FAILED, message, cause);
    }

    /** For a subclass that classifies the failure further, e.g. as a job's SQL error. */
    protected QueryFailedException(ErrorClass errorClass, String message, Throwable cause) {
        super(errorClass, message, cause);
    }
}
