package dev.sluice.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services' network path to the local AWS stack, through TCP relays on 127.0.0.1 that can be cut: while cut, every
 * open connection is reset and new ones are closed on arrival, as when a network partition separates the services
 * from SNS, SQS, S3 and DynamoDB. The services reach the relays through the standard {@code AWS_ENDPOINT_URL*}
 * settings ({@link #settings()}), so nothing in them knows.
 */
public final class EmulatorLink implements AutoCloseable {
    private final Map<String, String> settings;
    private final List<Relay> relays = new ArrayList<>();
    private volatile long cutUntil;

    private EmulatorLink(Map<String, String> direct) {
        Map<String, Relay> byAuthority = new LinkedHashMap<>();
        Map<String, String> rewritten = new LinkedHashMap<>(direct);
        direct.forEach((key, value) -> {
            if (key.startsWith("AWS_ENDPOINT_URL")) {
                URI uri = URI.create(value);
                Relay relay = byAuthority.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), a -> new Relay(uri.getHost(), uri.getPort()));
                rewritten.put(key, uri.getScheme() + "://127.0.0.1:" + relay.port() + (uri.getPath() == null ? "" : uri.getPath()));
            }
        });
        relays.addAll(byAuthority.values());
        relays.forEach(Relay::start);
        this.settings = Map.copyOf(rewritten);
    }

    /** Relays for every endpoint in {@code settings} ({@code AWS_ENDPOINT_URL*}). */
    public static EmulatorLink between(Map<String, String> settings) {
        return new EmulatorLink(settings);
    }

    /** {@code settings} with every AWS endpoint pointing at its relay. */
    public Map<String, String> settings() {
        return settings;
    }

    /** A copy of {@code serviceSettings} whose AWS endpoints point at the relays. */
    public Map<String, String> applyTo(Map<String, String> serviceSettings) {
        Map<String, String> out = new LinkedHashMap<>(serviceSettings);
        settings.forEach((key, value) -> {
            if (key.startsWith("AWS_ENDPOINT_URL")) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** Cuts the link for {@code outage}: open connections are reset now, new ones until it ends. */
    public void cut(Duration outage) {
        cutUntil = System.nanoTime() + outage.toNanos();
        relays.forEach(Relay::resetAll);
    }

    private boolean isCut() {
        return System.nanoTime() - cutUntil < 0;
    }

    @Override
    public void close() {
        relays.forEach(Relay::close);
    }

    private final class Relay {
        private final String host;
        private final int targetPort;
        private final ServerSocket server;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        Relay(String host, int targetPort) {
            this.host = host;
            this.targetPort = targetPort;
            try {
                this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        void start() {
            Thread.ofPlatform().daemon().name("relay-" + port()).start(this::accept);
        }

        private void accept() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return;
                }
                if (isCut()) {
                    closeQuietly(client);
                    continue;
                }
                Thread.ofVirtual().start(() -> connect(client));
            }
        }

        private void connect(Socket client) {
            Socket target = new Socket();
            try {
                target.connect(new InetSocketAddress(host, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(target);
                return;
            }
            open.add(client);
            open.add(target);
            Thread.ofVirtual().start(() -> pump(client, target));
            pump(target, client);
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed, or the link was cut
            } finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        void resetAll() {
            for (Socket s : List.copyOf(open)) {
                try {
                    s.setSoLinger(true, 0);
                } catch (IOException e) {
                    // closing anyway
                }
                closeQuietly(s);
            }
        }

        void close() {
            closeQuietly(server);
            resetAll();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
