package dev.sluice.localstack;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.util.logging.Level;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local, in this JVM, in memory, served over HTTP on 127.0.0.1 on a free port.
 *
 * <p>DynamoDB Local's own {@code ServerRunner} cannot choose a bind address, so this serves its request handler
 * through a Jetty connector of our own. Its telemetry is never configured (that happens only in
 * {@code ServerRunner}/{@code DynamoDBProxyServer}, which are not used). Each instance starts empty.
 */
final class DynamoDbLocalServer implements AutoCloseable {

    static final String VERSION = "2.6.1";

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int MAX_THREADS = 64;
    /** sqlite4java logs through java.util.logging; kept referenced so the level sticks. */
    private static final java.util.logging.Logger SQLITE4JAVA_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final URI endpoint;

    private DynamoDbLocalServer(Server server, LocalDynamoDBServerHandler handler, URI endpoint) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
    }

    /** Starts a fresh in-memory DynamoDB Local. */
    static DynamoDbLocalServer start() {
        Sqlite4javaNatives.ensureLibraryPath();
        SQLITE4JAVA_LOG.setLevel(Level.WARNING);
        // It logs every request the client gets an error for (e.g. a failed condition) as a WARN with a stack trace.
        LoggingDefaults.levelUnlessConfigured("com.amazonaws.services.dynamodbv2.local", "ERROR");
        LocalDynamoDBServerHandler handler;
        try {
            // (unused port, in memory, no db path, one database for all credentials and regions, no delays)
            LocalDynamoDBRequestHandler requestHandler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            handler = new LocalDynamoDBServerHandler(requestHandler, "*");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create DynamoDB Local's request handler: " + e.getMessage(), e);
        }

        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("dynamodb-local");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(LOOPBACK);
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(handler);
        server.setHandler(context);
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server, handler);
            throw new IllegalStateException("Cannot start DynamoDB Local on " + LOOPBACK + ": " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort());
        LOG.debug("DynamoDB Local {} listening at {}", VERSION, endpoint);
        return new DynamoDbLocalServer(server, handler, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(server, handler);
    }

    private static void stopQuietly(Server server, LocalDynamoDBServerHandler handler) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Could not stop DynamoDB Local's HTTP server cleanly", e);
        }
        try {
            handler.close();
        } catch (RuntimeException e) {
            LOG.warn("Could not close DynamoDB Local's databases cleanly", e);
        }
    }
}
