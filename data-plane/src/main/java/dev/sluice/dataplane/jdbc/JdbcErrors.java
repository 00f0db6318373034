package dev.sluice.dataplane.jdbc;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.secrets.Secret;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Classifies JDBC failures by SQLState class:
 *
 * <ul>
 *   <li>{@code 28} (invalid authorization) → {@code SourceAuthentication}, not retryable;</li>
 *   <li>{@code 08} (connection), {@code 53} (insufficient resources), {@code 57} (operator intervention, query
 *       canceled by a timeout), {@code 40001}/{@code 40P01} (serialization, deadlock), {@code 55P03} (lock not
 *       available), and transient or recoverable exceptions → {@code SourceUnavailable}, retryable;</li>
 *   <li>anything else (a syntax error, an unknown table) → {@code SourceRequestRejected}, not retryable.</li>
 * </ul>
 *
 * <p>The message says what failed and DuckDB-free driver text with the password (if given) masked; the cause is a
 * copy of the driver's exception without its chain, so that nothing the driver attached can leak a secret.
 */
public final class JdbcErrors {

    private JdbcErrors() {}

    public static ClassifiedException classify(String what, SQLException e, Secret password) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String driverMessage = password == null ? e.getMessage() : password.redact(e.getMessage());
        String message = what + " failed" + (state.isEmpty() ? "" : " (SQLState " + state + ")") + ": " + driverMessage;
        SQLException cause = new SQLException(driverMessage, e.getSQLState(), e.getErrorCode());
        cause.setStackTrace(e.getStackTrace());
        if (state.startsWith("28") || e instanceof SQLInvalidAuthorizationSpecException) {
            return new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, message, cause);
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.equals("40001")
                || state.equals("40P01") || state.equals("55P03") || e instanceof SQLTransientException
                || e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException) {
            return new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, message, cause);
        }
        return new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, message, cause);
    }
}
