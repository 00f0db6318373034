package dev.sluice.runtime.aws;

/**
 * The AWS services Sluice talks to, each with its standard service-specific endpoint variable
 * ({@code AWS_ENDPOINT_URL_<ID>}, as the AWS SDKs and CLI define it).
 */
public enum AwsService {
    SNS("SNS"),
    SQS("SQS"),
    S3("S3"),
    DYNAMODB("DYNAMODB");

    private final String endpointSetting;

    AwsService(String id) {
        this.endpointSetting = AwsSettings.AWS_ENDPOINT_URL + "_" + id;
    }

    /** The name of the setting holding this service's endpoint override, e.g. {@code AWS_ENDPOINT_URL_SQS}. */
    public String endpointSetting() {
        return endpointSetting;
    }
}
