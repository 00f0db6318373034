package dev.sluice.localstack;

import dev.sluice.runtime.aws.AwsService;
import dev.sluice.runtime.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local AWS stack without Docker: fauxqs (SNS, SQS, S3) as a child {@code node} process, and DynamoDB Local
 * in this JVM, both on 127.0.0.1 on free ports, both empty at each start.
 *
 * <p>Needs Node.js &gt;= 20 on the {@code PATH} (or {@code SLUICE_NODE}). The first start runs {@code npm ci} in
 * {@code local-aws-stack/fauxqs} if fauxqs is not installed yet. Logs go under {@code target/local-aws-stack/}.
 */
public final class EmbeddedAwsStack extends AbstractAwsStack {

    /** Credentials the emulators accept (they check none). */
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    public static final String REGION = "us-east-1";

    static final String START_TIMEOUT_PROPERTY = "sluice.stack.startTimeoutSeconds";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAwsStack.class);

    private final FauxqsProcess fauxqs;
    private final URI fauxqsEndpoint;
    private final DynamoDbLocalServer dynamoDb;
    private final Map<String, String> settings;

    private EmbeddedAwsStack(FauxqsProcess fauxqs, URI fauxqsEndpoint, DynamoDbLocalServer dynamoDb) {
        this.fauxqs = fauxqs;
        this.fauxqsEndpoint = fauxqsEndpoint;
        this.dynamoDb = dynamoDb;
        Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
        endpoints.put(AwsService.SNS, fauxqsEndpoint);
        endpoints.put(AwsService.SQS, fauxqsEndpoint);
        endpoints.put(AwsService.S3, fauxqsEndpoint);
        endpoints.put(AwsService.DYNAMODB, dynamoDb.endpoint());
        this.settings = new AwsSettings(REGION, ACCESS_KEY, SECRET_KEY, null, fauxqsEndpoint, endpoints, true).toMap();
    }

    /**
     * Starts fauxqs and DynamoDB Local side by side and waits until both answer (at most
     * {@code -Dsluice.stack.startTimeoutSeconds}, 60 s by default, plus a first-time {@code npm ci}).
     */
    public static EmbeddedAwsStack start() {
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 60));
        FauxqsProcess fauxqs = FauxqsProcess.launch();
        DynamoDbLocalServer dynamoDb = null;
        try {
            dynamoDb = DynamoDbLocalServer.start(); // while node boots
            URI fauxqsEndpoint = fauxqs.awaitReady(timeout);
            EmbeddedAwsStack stack = new EmbeddedAwsStack(fauxqs, fauxqsEndpoint, dynamoDb);
            LOG.info("Started {} in {} ms", stack.describe(), (System.nanoTime() - started) / 1_000_000);
            return stack;
        } catch (RuntimeException e) {
            fauxqs.close();
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            throw e;
        }
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "embedded AWS stack: fauxqs " + fauxqs.version() + " (SNS, SQS, S3) at " + fauxqsEndpoint + " [pid "
                + fauxqs.pid() + ", log " + fauxqs.logFile() + "], DynamoDB Local " + DynamoDbLocalServer.VERSION
                + " (in-process, in-memory) at " + dynamoDb.endpoint();
    }

    @Override
    protected void stopServices() {
        try {
            fauxqs.close();
        } finally {
            dynamoDb.close();
        }
        LOG.info("Stopped the embedded AWS stack");
    }
}
