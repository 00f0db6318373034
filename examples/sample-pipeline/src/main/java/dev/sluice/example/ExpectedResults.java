package dev.sluice.example;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sample pipeline's outputs computed in plain Java from the generator, independently of Sluice and
 * DuckDB: what order_facts and weekly_revenue must contain.
 */
public final class ExpectedResults {
    private ExpectedResults() {
    }

    /** One row of order_facts: date, country, segment → orders, shipped orders, revenue in cents. */
    public record Fact(String date, String country, String segment, long orders, long shippedOrders, long revenueCents) {
    }

    /** One row of weekly_revenue: date, country → orders, revenue in cents. */
    public record Weekly(String date, String country, long orders, long revenueCents) {
    }

    public static List<Fact> orderFacts(SampleData data, LocalDate date) {
        Map<Long, SampleData.Customer> customers = new HashMap<>();
        data.customers(date).forEach(c -> customers.put(c.customerId(), c));
        Set<Long> blocked = new HashSet<>(data.blocklist());
        Set<Long> shipped = new HashSet<>();
        data.shipments(date).forEach(s -> shipped.add(s.orderId()));
        Map<String, long[]> groups = new TreeMap<>();
        for (SampleData.Order o : data.orders(date)) {
            SampleData.Customer c = customers.get(o.customerId());
            if (c == null || blocked.contains(o.customerId()) || o.status().equals("cancelled")) {
                continue;
            }
            long[] g = groups.computeIfAbsent(c.country() + "|" + c.segment(), k -> new long[3]);
            g[0]++;
            if (shipped.contains(o.orderId())) {
                g[1]++;
            }
            g[2] += o.amountCents();
        }
        return groups.entrySet().stream().map(e -> {
            String[] key = e.getKey().split("\\|");
            return new Fact(date.toString(), key[0], key[1], e.getValue()[0], e.getValue()[1], e.getValue()[2]);
        }).toList();
    }

    public static List<Weekly> weeklyRevenue(SampleData data, LocalDate date) {
        Map<String, long[]> byCountry = new TreeMap<>();
        for (int d = 6; d >= 0; d--) {
            for (Fact f : orderFacts(data, date.minusDays(d))) {
                long[] w = byCountry.computeIfAbsent(f.country(), k -> new long[2]);
                w[0] += f.orders();
                w[1] += f.revenueCents();
            }
        }
        return byCountry.entrySet().stream().map(e -> new Weekly(date.toString(), e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
