package dev.sluice.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The classes of failure a stage reports: the {@code errorClass} of {@code sluice.stage-failed} and
 * {@code sluice.job-failed}, and the category in a failure alert's message. Each has a stable {@link #wireName()}
 * and whether another attempt of the same work may succeed by default ({@link #retryableByDefault()}).
 *
 * <p>The events keep {@code errorClass} a string: a failure nobody classified is reported by its Java class's
 * simple name (e.g. {@code IllegalStateException}) and retried until the job's retry budget runs out.
 */
public enum ErrorClass {
    // Sources (extract stage, and the shared JDBC and secret code)
    /** The source cannot be reached now: connection refused, timeout, throttling, a server error. */
    SOURCE_UNAVAILABLE("SourceUnavailable", true),
    /** The source refused the credentials (bad password, HTTP 401/403, access denied). */
    SOURCE_AUTHENTICATION("SourceAuthentication", false),
    /** The source rejected the request itself (HTTP 4xx other than 401/403/429, a SQL error in the query). */
    SOURCE_REQUEST_REJECTED("SourceRequestRejected", false),
    /** The source matched no input for the partition and the spec does not allow that. */
    EMPTY_INPUT("EmptyInput", false),
    /** The input cannot be parsed: a bad CSV row, broken JSON, a file that is not Parquet. */
    MALFORMED_DATA("MalformedData", false),
    /** The data does not match the dataset's schema contract. */
    SCHEMA_DRIFT("SchemaDrift", false),
    /** A guard configured in the spec was exceeded, e.g. {@code maxPages} of an HTTP source. */
    LIMIT_EXCEEDED("LimitExceeded", false),

    // DuckDB and the transform stage
    /** DuckDB failed a statement for a reason not classified further. */
    QUERY_FAILED("QueryFailed", false),
    /** DuckDB rejected or failed a job's SQL or a check's SQL. */
    SQL_ERROR("SqlError", false),
    /** DuckDB ran out of memory or temp disk; a bigger size class may help. */
    RESOURCES_EXHAUSTED("ResourcesExhausted", false),
    /** A job's inputs are larger than its size class allows. */
    INPUT_TOO_LARGE("InputTooLarge", false),
    /** A data-quality check of severity error failed. */
    QUALITY_CHECK_FAILED("QualityCheckFailed", false),
    /** An input's location or manifest is not what the stage needs. */
    INVALID_INPUT("InvalidInput", false),
    /** An input's location, manifest or a file a manifest lists lies outside the prefixes its dataset may live under. */
    LOCATION_REFUSED("LocationRefused", false),

    // Storage (S3)
    /** An S3 operation failed for a transient reason: network, throttling, a server error. */
    STORAGE_UNAVAILABLE("StorageUnavailable", true),
    /** S3 refused an operation for good: access denied, no such bucket or object. */
    STORAGE_REJECTED("StorageRejected", false),

    // Targets (load stage)
    /** The target cannot take the data now: connection refused, timeout, HTTP 5xx/429, a lock conflict. */
    TARGET_UNAVAILABLE("TargetUnavailable", true),
    /** The target refused the data or the request for good: a type mismatch, a missing column, an HTTP 4xx. */
    TARGET_REJECTED("TargetRejected", false),
    /** The target refused the credentials. */
    TARGET_AUTHENTICATION("TargetAuthentication", false),
    /** The previous stage staged no output named like the dataset. */
    MISSING_STAGED_OUTPUT("MissingStagedOutput", false),
    /** A load failed for a reason nobody classified; the job's retry budget bounds it. */
    LOAD_FAILED("LoadFailed", true),

    // Configuration and work
    /** A setting has a bad value; the message starts with the setting's name. */
    INVALID_SETTINGS("InvalidSettings", false),
    /** The job's spec cannot be run as it stands. */
    INVALID_SPEC("InvalidSpec", false),
    /** The work event itself is wrong: misrouted, an unknown job, a generation below 1. */
    INVALID_WORK("InvalidWork", false),
    /** The work went to the dead-letter queue before the stage could report an outcome (its receives ran out, e.g. after a crash). */
    DEAD_LETTERED("DeadLettered", false);

    private static final Map<String, ErrorClass> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorClass::wireName, Function.identity()));

    private final String wireName;
    private final boolean retryableByDefault;

    ErrorClass(String wireName, boolean retryableByDefault) {
        this.wireName = wireName;
        this.retryableByDefault = retryableByDefault;
    }

    /** The name in events, e.g. {@code SourceUnavailable}. */
    public String wireName() {
        return wireName;
    }

    /** Whether another attempt of the same work may succeed, unless the failure says otherwise. */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    /** The error class named {@code wireName} in an event, or empty for an unclassified failure's Java class name. */
    public static Optional<ErrorClass> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
