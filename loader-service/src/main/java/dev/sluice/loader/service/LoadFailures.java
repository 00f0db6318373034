package dev.sluice.loader.service;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;

/**
 * How the load stage reports a failure to the stage runtime: a {@link ClassifiedException} that names the output and
 * the target and carries the category of its cause ({@code TargetUnavailable} is retryable; {@code TargetRejected},
 * {@code TargetAuthentication}, {@code InvalidSettings} are not).
 *
 * <p>When one is thrown nothing is published: no data-ready event leaves the loader. Targets that succeeded before
 * the failure hold this generation already and report {@code UNCHANGED} (or load the same data again) when the
 * retry comes.
 */
final class LoadFailures {

    private LoadFailures() {
    }

    /**
     * Classifies {@code error} raised while loading {@code what} (e.g. {@code output order_facts, target
     * targets[1] (jdbc warehouse:order_facts)}).
     *
     * <ul>
     *   <li>a {@link ClassifiedException} keeps its category and retryability; the {@code Source*} categories (raised
     *       by the data plane's shared JDBC and secret code) become the matching {@code Target*} ones;</li>
     *   <li>anything else is retryable ({@code LoadFailed}): the job's retry budget bounds it.</li>
     * </ul>
     */
    static ClassifiedException of(String what, Throwable error) {
        String message = what + ": " + (error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        if (error instanceof ClassifiedException classified) {
            ErrorClass errorClass = switch (classified.errorClass()) {
                case SOURCE_UNAVAILABLE -> ErrorClass.TARGET_UNAVAILABLE;
                case SOURCE_AUTHENTICATION -> ErrorClass.TARGET_AUTHENTICATION;
                case SOURCE_REQUEST_REJECTED -> ErrorClass.TARGET_REJECTED;
                default -> classified.errorClass();
            };
            return new ClassifiedException(errorClass, classified.retryable(), message, error);
        }
        return new ClassifiedException(ErrorClass.LOAD_FAILED, message, error);
    }
}
