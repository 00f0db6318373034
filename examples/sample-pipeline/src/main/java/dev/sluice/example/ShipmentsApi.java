package dev.sluice.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The carrier's shipment API of the sample, served on 127.0.0.1: {@code GET /shipments?date=&cursor=}
 * returns {@code {"items": [...], "next_cursor": "..."}} pages of 1,000 records. A date can be made to
 * fail with HTTP 500, to rehearse an outage.
 */
public final class ShipmentsApi implements AutoCloseable {
    static final int PAGE = 1_000;

    private final SampleData data;
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<SampleData.Shipment>> byDate = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();

    private ShipmentsApi(SampleData data) throws IOException {
        this.data = data;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/shipments", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "shipments-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static ShipmentsApi start(SampleData data) throws IOException {
        return new ShipmentsApi(data);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers HTTP 500 for {@code date} until {@link #recover}. */
    public void failFor(LocalDate date) {
        failing.add(date.toString());
    }

    public void recover(LocalDate date) {
        failing.remove(date.toString());
    }

    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI());
            String date = query.get("date");
            if (date == null) {
                send(exchange, 400, "{\"error\":\"date is required\"}");
                return;
            }
            if (failing.contains(date)) {
                send(exchange, 500, "{\"error\":\"shipment database unavailable\"}");
                return;
            }
            List<SampleData.Shipment> all = byDate.computeIfAbsent(date, d -> data.shipments(LocalDate.parse(d)));
            int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
            int to = Math.min(all.size(), from + PAGE);
            ObjectNode page = json.createObjectNode();
            ArrayNode items = page.putArray("items");
            for (SampleData.Shipment s : all.subList(Math.min(from, all.size()), to)) {
                items.addObject().put("shipment_id", s.shipmentId()).put("order_id", s.orderId())
                        .put("carrier", s.carrier()).put("shipped_at", s.shippedAt().toString());
            }
            if (to < all.size()) {
                page.put("next_cursor", Integer.toString(to));
            } else {
                page.putNull("next_cursor");
            }
            send(exchange, 200, json.writeValueAsString(page));
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
