package dev.sluice.loader;

/**
 * One configured target of one job output: writes the output's staged data to a system (a table, an index, an S3
 * location). Created by its {@link TargetFactory}, which validated the settings already; a target opens its
 * connections per call and holds nothing open between calls.
 *
 * <p>Every target is idempotent and guarded by the run's generation:
 * <ul>
 *   <li>the same generation loaded again (a redelivery, a retry after a partial failure) changes nothing or writes
 *       exactly the same result, and reports {@link TargetResult.Status#UNCHANGED} or
 *       {@link TargetResult.Status#LOADED};</li>
 *   <li>a generation older than the one the target already holds changes nothing visible and reports
 *       {@link TargetResult.Status#SUPERSEDED}.</li>
 * </ul>
 */
public interface LoadTarget {

    /** A short description for logs and errors, e.g. {@code jdbc warehouse:public.order_facts}. */
    String describe();

    /**
     * Loads the output of {@code request} into the target.
     *
     * @throws dev.sluice.contracts.ClassifiedException classified failures: {@code TargetUnavailable}
     *         (retryable), {@code TargetRejected}, {@code TargetAuthentication},
     *         {@link dev.sluice.dataplane.InvalidSettingsException}
     */
    TargetResult load(LoadRequest request);
}
