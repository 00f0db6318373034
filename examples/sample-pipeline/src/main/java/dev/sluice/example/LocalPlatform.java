package dev.sluice.example;

import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.AwsStacks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Everything the sample runs on, on 127.0.0.1: the local AWS stack (fauxqs, DynamoDB Local), the
 * PostgreSQL "warehouse", an OpenSearch node and the shipments API.
 */
public final class LocalPlatform implements AutoCloseable {
    private final AwsStack stack;
    private final EmbeddedPostgres postgres;
    private final OpenSearchRunner openSearch;
    private final int openSearchPort;
    private final ShipmentsApi api;
    private final String warehousePassword = UUID.randomUUID().toString();
    private final Path workDir;

    private LocalPlatform(AwsStack stack, EmbeddedPostgres postgres, OpenSearchRunner openSearch, int openSearchPort, ShipmentsApi api, Path workDir) {
        this.stack = stack;
        this.postgres = postgres;
        this.openSearch = openSearch;
        this.openSearchPort = openSearchPort;
        this.api = api;
        this.workDir = workDir;
    }

    /** Starts every part; a failure stops the parts already started. */
    public static LocalPlatform start(SampleData data, Path workDir, java.util.function.Consumer<String> progress) throws IOException {
        Files.createDirectories(workDir);
        AwsStack stack = null;
        EmbeddedPostgres postgres = null;
        OpenSearchRunner openSearch = null;
        ShipmentsApi api = null;
        try {
            long t0 = System.nanoTime();
            stack = AwsStacks.start();
            progress.accept(String.format("local AWS stack up (%s) in %.1f s", stack.describe(), (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(workDir, "postgres-"))
                    .setCleanDataDirectory(true).start();
            progress.accept(String.format("PostgreSQL warehouse up on 127.0.0.1:%d in %.1f s", postgres.getPort(), (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            int http = freePort();
            int transport = freePort();
            openSearch = new OpenSearchRunner();
            openSearch.setMaxHttpPort(http + 1);
            openSearch.onBuild((number, settings) -> {
                settings.put("network.host", "127.0.0.1");
                settings.put("transport.port", Integer.toString(transport));
                settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
                settings.put("indices.breaker.total.use_real_memory", "false");
            }).build(OpenSearchRunner.newConfigs().basePath(Files.createTempDirectory(workDir, "opensearch-").toString())
                    .numOfNode(1).baseHttpPort(http - 1).clusterName("sluice-sample").disableESLogger());
            openSearch.ensureYellow();
            progress.accept(String.format("OpenSearch up on 127.0.0.1:%d in %.1f s", http, (System.nanoTime() - t0) / 1e9));
            api = ShipmentsApi.start(data);
            progress.accept("shipments API up on " + api.baseUri());
            return new LocalPlatform(stack, postgres, openSearch, http, api, workDir);
        } catch (IOException | RuntimeException e) {
            closeQuietly(api, openSearch, postgres, stack);
            throw e;
        }
    }

    public AwsStack stack() {
        return stack;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public ShipmentsApi api() {
        return api;
    }

    public String openSearchUrl() {
        return "http://127.0.0.1:" + openSearchPort;
    }

    public String warehousePassword() {
        return warehousePassword;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * The settings of the services: the standard AWS settings of the local stack, the environment and
     * specs, the warehouse connection (its password by reference), the API's address and the OpenSearch
     * endpoint.
     */
    public Map<String, String> serviceSettings(String env, Path specs) {
        Map<String, String> settings = new LinkedHashMap<>(stack.settings());
        settings.put("SLUICE_ENV", env);
        settings.put("SLUICE_SPECS_DIR", specs.toString());
        settings.put("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?connectTimeout=5");
        settings.put("SLUICE_JDBC_WAREHOUSE_USER", SampleSources.WAREHOUSE_USER);
        settings.put("SLUICE_JDBC_WAREHOUSE_PASSWORD_REF", "env:SLUICE_SECRET_SAMPLE_WAREHOUSE_PASSWORD");
        settings.put("SLUICE_SECRET_SAMPLE_WAREHOUSE_PASSWORD", warehousePassword);
        // The local shipments API: plain HTTP on the loopback address, which a real connection may not use.
        settings.put("SLUICE_HTTP_SHIPMENTS_URL", api.baseUri().toString());
        settings.put("SLUICE_HTTP_SHIPMENTS_ALLOW_INSECURE", "true");
        settings.put("SLUICE_HTTP_SHIPMENTS_ALLOW_PRIVATE_ADDRESSES", "true");
        settings.put("SLUICE_OPENSEARCH_URL", openSearchUrl());
        settings.put("SLUICE_WORK_DIR", workDir.resolve("work").toString());
        settings.put("SLUICE_DUCKDB_MEMORY_LIMIT", "1GB");
        settings.put("SLUICE_DUCKDB_THREADS", "2");
        // The sweep computes the clock's ticks (morning_close) and the deadlines: a demo should not wait a minute for them.
        settings.put("SLUICE_TRACKER_SWEEP_INTERVAL", "PT5S");
        settings.put("SLUICE_POLLER_POLL_TIMEOUT", "PT1S");
        settings.put("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "PT5S");
        settings.put("SLUICE_POLLER_MAX_CONCURRENT_MESSAGES", "4");
        return settings;
    }

    @Override
    public void close() {
        closeQuietly(api, openSearch, postgres, stack);
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                if (part instanceof OpenSearchRunner runner) {
                    runner.close();
                    runner.clean();
                } else {
                    part.close();
                }
            } catch (Exception e) {
                // best effort on the way out
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
