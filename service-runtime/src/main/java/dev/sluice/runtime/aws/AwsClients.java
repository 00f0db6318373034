package dev.sluice.runtime.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of one service, built lazily from {@link AwsSettings} and cached: each client is
 * created on first use, shared afterwards (the SDK clients are thread-safe), and closed by {@link #close()}.
 *
 * <p>Endpoints, region and credentials come from the settings only. Synchronous clients use the Apache HTTP
 * client with a pool of {@value #MAX_CONNECTIONS} connections; the SQS client's socket timeout exceeds the
 * 20 s maximum long poll. {@link #s3Async()} uploads in parts above {@value #MULTIPART_THRESHOLD_BYTES}
 * bytes, which keeps every request below the ~11 MiB body limit of local emulators such as fauxqs.
 */
public final class AwsClients implements AutoCloseable {

    /** Connections per client pool. */
    public static final int MAX_CONNECTIONS = 64;
    /** S3 uploads above this size go in parts; also the part size. */
    public static final long MULTIPART_THRESHOLD_BYTES = 8L * 1024 * 1024;

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than SQS's 20 s maximum long poll, with room for a slow network. */
    static final Duration SQS_SOCKET_TIMEOUT = Duration.ofSeconds(35);
    static final Duration S3_ASYNC_READ_WRITE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CONNECTION_MAX_IDLE_TIME = Duration.ofSeconds(50);

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    private final AwsSettings settings;
    private final Lazy<AwsCredentialsProvider> credentials;
    private final Lazy<SnsClient> sns;
    private final Lazy<SqsClient> sqs;
    private final Lazy<S3Client> s3;
    private final Lazy<S3AsyncClient> s3Async;
    private final Lazy<DynamoDbClient> dynamoDb;
    private volatile boolean closed;

    public AwsClients(AwsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = new Lazy<>("credentials provider", this::newCredentialsProvider);
        this.sns = new Lazy<>("SNS client", this::newSnsClient);
        this.sqs = new Lazy<>("SQS client", this::newSqsClient);
        this.s3 = new Lazy<>("S3 client", this::newS3Client);
        this.s3Async = new Lazy<>("S3 async client", this::newS3AsyncClient);
        this.dynamoDb = new Lazy<>("DynamoDB client", this::newDynamoDbClient);
    }

    /** Clients configured from the process environment (see {@link AwsSettings#fromEnvironment()}). */
    public static AwsClients fromEnvironment() {
        return new AwsClients(AwsSettings.fromEnvironment());
    }

    public AwsSettings settings() {
        return settings;
    }

    public SnsClient sns() {
        return sns.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    /** An asynchronous S3 client with multipart uploads and downloads enabled. */
    public S3AsyncClient s3Async() {
        return s3Async.get();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** Closes every client created so far; later calls to the accessors fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (Lazy<?> lazy : List.of(sns, sqs, s3, s3Async, dynamoDb, credentials)) {
            try {
                lazy.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private SnsClient newSnsClient() {
        return configure(SnsClient.builder(), AwsService.SNS)
                .httpClientBuilder(apacheHttpClient(SOCKET_TIMEOUT))
                .build();
    }

    private SqsClient newSqsClient() {
        return configure(SqsClient.builder(), AwsService.SQS)
                .httpClientBuilder(apacheHttpClient(SQS_SOCKET_TIMEOUT))
                .build();
    }

    private S3Client newS3Client() {
        return configure(S3Client.builder(), AwsService.S3)
                .forcePathStyle(settings.s3ForcePathStyle())
                .httpClientBuilder(apacheHttpClient(SOCKET_TIMEOUT))
                .build();
    }

    private S3AsyncClient newS3AsyncClient() {
        return configure(S3AsyncClient.builder(), AwsService.S3)
                .forcePathStyle(settings.s3ForcePathStyle())
                .multipartEnabled(true)
                .multipartConfiguration(MultipartConfiguration.builder()
                        .thresholdInBytes(MULTIPART_THRESHOLD_BYTES)
                        .minimumPartSizeInBytes(MULTIPART_THRESHOLD_BYTES)
                        .build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(MAX_CONNECTIONS)
                        .connectionTimeout(CONNECTION_TIMEOUT)
                        .connectionAcquisitionTimeout(CONNECTION_ACQUISITION_TIMEOUT)
                        .readTimeout(S3_ASYNC_READ_WRITE_TIMEOUT)
                        .writeTimeout(S3_ASYNC_READ_WRITE_TIMEOUT)
                        .connectionMaxIdleTime(CONNECTION_MAX_IDLE_TIME))
                .build();
    }

    private DynamoDbClient newDynamoDbClient() {
        return configure(DynamoDbClient.builder(), AwsService.DYNAMODB)
                .httpClientBuilder(apacheHttpClient(SOCKET_TIMEOUT))
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsService service) {
        settings.awsRegion().ifPresent(builder::region);
        settings.endpointFor(service).ifPresent(builder::endpointOverride);
        builder.credentialsProvider(credentials.get());
        return builder;
    }

    private static ApacheHttpClient.Builder apacheHttpClient(Duration socketTimeout) {
        return ApacheHttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .connectionAcquisitionTimeout(CONNECTION_ACQUISITION_TIMEOUT)
                .socketTimeout(socketTimeout)
                .connectionMaxIdleTime(CONNECTION_MAX_IDLE_TIME)
                .tcpKeepAlive(true);
    }

    private AwsCredentialsProvider newCredentialsProvider() {
        if (!settings.hasStaticCredentials()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(settings.sessionToken() == null
                ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
                : AwsSessionCredentials.create(
                        settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken()));
    }

    /** A value created on first use under a lock, and closed with its owner. */
    private final class Lazy<T> {
        private final String name;
        private final Supplier<T> factory;
        private T value;

        Lazy(String name, Supplier<T> factory) {
            this.name = name;
            this.factory = factory;
        }

        synchronized T get() {
            if (closed) {
                throw new IllegalStateException("AwsClients is closed: cannot provide the " + name);
            }
            if (value == null) {
                value = factory.get();
                LOG.debug("Created the {} ({})", name, settings);
            }
            return value;
        }

        synchronized void close() {
            if (value instanceof SdkAutoCloseable closeable) {
                closeable.close();
            } else if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not close the " + name, e);
                }
            }
            value = null;
        }
    }
}
