package dev.sluice.localstack;

import dev.sluice.runtime.aws.AwsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The local AWS stack as a LocalStack container (SNS, SQS, S3, DynamoDB) through Testcontainers. Needs a Docker
 * engine. The image is {@value #DEFAULT_IMAGE} unless {@code -Dsluice.localstack.image} or
 * {@code SLUICE_LOCALSTACK_IMAGE} says otherwise.
 */
public final class LocalStackContainerStack extends AbstractAwsStack {

    public static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackContainerStack.class);

    private final LocalStackContainer container;
    private final Map<String, String> settings;

    private LocalStackContainerStack(LocalStackContainer container) {
        this.container = container;
        String endpoint = container.getEndpoint().toString();
        Map<String, String> map = new LinkedHashMap<>();
        map.put(AwsSettings.AWS_REGION, container.getRegion());
        map.put(AwsSettings.AWS_ACCESS_KEY_ID, container.getAccessKey());
        map.put(AwsSettings.AWS_SECRET_ACCESS_KEY, container.getSecretKey());
        map.put(AwsSettings.AWS_ENDPOINT_URL, endpoint);
        map.put(AwsSettings.AWS_ENDPOINT_URL_SNS, endpoint);
        map.put(AwsSettings.AWS_ENDPOINT_URL_SQS, endpoint);
        map.put(AwsSettings.AWS_ENDPOINT_URL_S3, endpoint);
        map.put(AwsSettings.AWS_ENDPOINT_URL_DYNAMODB, endpoint);
        map.put(AwsSettings.SLUICE_S3_FORCE_PATH_STYLE, "true");
        this.settings = AwsSettings.fromMap(map).toMap();
    }

    /** Starts the container and waits until LocalStack is ready. */
    public static LocalStackContainerStack start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("The LocalStack stack (SLUICE_STACK=localstack) needs a Docker engine,"
                    + " and none was found; use SLUICE_STACK=embedded (the default) instead");
        }
        String image = StackFiles.setting("sluice.localstack.image", "SLUICE_LOCALSTACK_IMAGE");
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image == null ? DEFAULT_IMAGE : image))
                .withServices("sns", "sqs", "s3", "dynamodb");
        long started = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        LocalStackContainerStack stack = new LocalStackContainerStack(container);
        LOG.info("Started {} in {} ms", stack.describe(), (System.nanoTime() - started) / 1_000_000);
        return stack;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "LocalStack container " + container.getDockerImageName() + " (SNS, SQS, S3, DynamoDB) at "
                + container.getEndpoint();
    }

    @Override
    protected void stopServices() {
        container.stop();
        LOG.info("Stopped the LocalStack container");
    }
}
