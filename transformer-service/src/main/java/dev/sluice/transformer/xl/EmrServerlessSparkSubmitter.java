package dev.sluice.transformer.xl;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runs the Spark driver on EMR Serverless: uploads the request next to the staging prefix, starts a job run
 * ({@code StartJobRun} with the driver jar as the entry point, {@code --class dev.sluice.spark.SparkTransformDriver}),
 * polls {@code GetJobRun} until it ends, and reads the driver's result from S3.
 *
 * <p>The client token is the run, the generation and the dataset: a redelivered transform message finds the job run
 * it started before instead of starting a second one. A job run still going at the timeout is cancelled and the
 * transform retried (retryable {@code QueryFailed}).
 */
public final class EmrServerlessSparkSubmitter implements SparkSubmitter {

    private static final Set<JobRunState> DONE = Set.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED);

    private final EmrServerlessClient emr;
    private final S3Client s3;
    private final XlSettings settings;

    public EmrServerlessSparkSubmitter(EmrServerlessClient emr, S3Client s3, XlSettings settings) {
        this.emr = Objects.requireNonNull(emr, "emr");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public SparkJobResult run(SparkJobRequest request) {
        S3Uri result = S3Uri.parse(request.resultLocation());
        S3Uri job = new S3Uri(result.bucket(), result.key().substring(0, result.key().lastIndexOf('/') + 1) + "job.json");
        try {
            s3.putObject(b -> b.bucket(job.bucket()).key(job.key()), RequestBody.fromString(request.toJson()));
            s3.deleteObject(b -> b.bucket(result.bucket()).key(result.key()));
            String token = (request.runId() + "-" + request.generation() + "-" + request.dataset());
            String jobRunId = emr.startJobRun(b -> b.applicationId(settings.emrApplicationId())
                    .executionRoleArn(settings.emrExecutionRoleArn())
                    .name("sluice-" + request.job() + "-" + request.runId())
                    .clientToken(token.length() > 64 ? token.substring(0, 64) : token)
                    .jobDriver(JobDriver.builder().sparkSubmit(SparkSubmit.builder()
                            .entryPoint(settings.driverJar())
                            .entryPointArguments(List.of("--job", job.toString()))
                            .sparkSubmitParameters(("--class " + LocalSparkSubmitter.DRIVER_CLASS + " "
                                    + settings.sparkSubmitParameters()).strip())
                            .build()).build()))
                    .jobRunId();
            JobRun run = await(jobRunId, request);
            try {
                String json = s3.getObjectAsBytes(b -> b.bucket(result.bucket()).key(result.key())).asUtf8String();
                return SparkJobResult.fromJson(json);
            } catch (NoSuchKeyException e) {
                throw new ClassifiedException(ErrorClass.QUERY_FAILED, "job " + request.job() + ": EMR Serverless job run "
                        + jobRunId + " ended " + run.stateAsString() + " without a result: " + run.stateDetails(), e);
            }
        } catch (SdkException e) {
            throw new ClassifiedException(ErrorClass.STORAGE_UNAVAILABLE, true, "job " + request.job()
                    + ": EMR Serverless or S3 failed: " + e.getMessage(), e);
        }
    }

    private JobRun await(String jobRunId, SparkJobRequest request) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            JobRun run = emr.getJobRun(b -> b.applicationId(settings.emrApplicationId()).jobRunId(jobRunId)).jobRun();
            if (DONE.contains(run.state())) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                emr.cancelJobRun(b -> b.applicationId(settings.emrApplicationId()).jobRunId(jobRunId));
                throw new ClassifiedException(ErrorClass.QUERY_FAILED, true, "job " + request.job()
                        + ": EMR Serverless job run " + jobRunId + " did not finish within " + settings.timeout()
                        + "; cancelled", null);
            }
            sleep(settings.pollInterval());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifiedException(ErrorClass.QUERY_FAILED, true, "interrupted waiting for EMR Serverless", e);
        }
    }
}
