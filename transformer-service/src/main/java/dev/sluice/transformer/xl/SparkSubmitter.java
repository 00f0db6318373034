package dev.sluice.transformer.xl;

import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;

/**
 * Runs the Spark driver for one {@code xl} transform and waits for it: on EMR Serverless
 * ({@link EmrServerlessSparkSubmitter}) or in a local child JVM ({@link LocalSparkSubmitter}).
 *
 * <p>Returns the driver's {@link SparkJobResult}, which may be a failure of the job (bad SQL, a failed check).
 * Throws a {@link dev.sluice.contracts.ClassifiedException} when the driver could not run or report at all
 * ({@code StorageUnavailable}, retryable, for an infrastructure failure; {@code QueryFailed} otherwise).
 */
public interface SparkSubmitter {

    SparkJobResult run(SparkJobRequest request);
}
