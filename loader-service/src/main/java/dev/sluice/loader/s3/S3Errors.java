package dev.sluice.loader.s3;

import dev.sluice.dataplane.StorageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Classifies S3 failures of the S3 target: network errors, throttling and 5xx are retryable; 4xx are not. */
final class S3Errors {

    private S3Errors() {
    }

    static RuntimeException classify(String what, Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StorageException s) {
            return s;
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            boolean retryable = status >= 500 || status == 429 || s3.isThrottlingException();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            return new StorageException("could not " + what + ": HTTP " + status + (code == null ? "" : " " + code),
                    status, retryable, s3);
        }
        if (e instanceof SdkException sdk) {
            boolean retryable = sdk instanceof SdkClientException || sdk.retryable();
            return new StorageException("could not " + what + ": " + sdk.getMessage(), 0, retryable, sdk);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new StorageException("could not " + what + ": " + e, 0, true, e);
    }
}
