package dev.sluice.loader;

import dev.sluice.dataplane.DataPlaneException;
import dev.sluice.runtime.stage.StageFailedException;
import dev.sluice.runtime.stage.StageFailure;

/**
 * The load stage failed: the {@link StageFailure} the {@link dev.sluice.runtime.stage.StageRunner} sees. It carries
 * the category of its cause ({@code TargetUnavailable} is retryable; {@code TargetRejected},
 * {@code TargetAuthentication}, {@code InvalidSettings} are not) and names the output and the target.
 *
 * <p>When it is thrown nothing is published: no data-ready event leaves the loader. Targets that succeeded before
 * the failure hold this generation already and report {@link TargetResult.Status#UNCHANGED} (or load the same data
 * again) when the retry comes.
 */
public final class LoadFailedException extends StageFailedException {

    public LoadFailedException(String errorClass, String message, boolean retryable, Throwable cause) {
        super(errorClass, message, retryable, cause);
    }

    /**
     * Classifies {@code error} raised while loading {@code what} (e.g. {@code output order_facts, target
     * targets[1] (jdbc warehouse:order_facts)}).
     *
     * <ul>
     *   <li>a {@link StageFailure} or {@link DataPlaneException} keeps its category; the data plane's
     *       {@code Source*} categories (raised by shared JDBC and secret code) are renamed {@code Target*};</li>
     *   <li>anything else is retryable ({@code LoadFailed}): the job's retry budget bounds it.</li>
     * </ul>
     */
    public static LoadFailedException of(String what, Throwable error) {
        String message = what + ": " + (error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        if (error instanceof LoadFailedException e) {
            return e;
        }
        if (error instanceof DataPlaneException d) {
            String errorClass = switch (d.errorClass()) {
                case "SourceUnavailable" -> "TargetUnavailable";
                case "SourceAuthentication" -> "TargetAuthentication";
                case "SourceRequest" -> "TargetRejected";
                default -> d.errorClass();
            };
            return new LoadFailedException(errorClass, message, d.retryable(), error);
        }
        if (error instanceof StageFailure f) {
            return new LoadFailedException(f.errorClass(), message, f.retryable(), error);
        }
        return new LoadFailedException("LoadFailed", message, true, error);
    }
}
