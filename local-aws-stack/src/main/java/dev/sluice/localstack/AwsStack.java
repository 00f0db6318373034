package dev.sluice.localstack;

import dev.sluice.runtime.aws.AwsClients;
import java.util.Map;

/**
 * A running set of AWS services (SNS, SQS, S3, DynamoDB) for local runs and integration tests.
 *
 * <p>Code under test reaches the stack through {@link #settings()} only, exactly as it reaches real AWS
 * through its environment, so nothing in a service knows it runs against an emulator.
 */
public interface AwsStack extends AutoCloseable {

    /**
     * The settings that point an AWS client at this stack: {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SNS},
     * {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_DYNAMODB} and
     * {@code SLUICE_S3_FORCE_PATH_STYLE}. Ready for {@code AwsSettings.fromMap} or a child process's environment.
     */
    Map<String, String> settings();

    /** Clients built from {@link #settings()}, created on first use and closed with the stack. */
    AwsClients clients();

    /** A one-line, human-readable description: what runs where. */
    String describe();

    /** Stops the services and closes {@link #clients()}. Idempotent. */
    @Override
    void close();
}
