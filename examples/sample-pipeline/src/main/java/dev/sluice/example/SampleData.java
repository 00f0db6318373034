package dev.sluice.example;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample pipeline's data, generated deterministically from a seed: the same seed and sizes always
 * give the same rows, so results can be checked against values computed independently.
 *
 * <ul>
 *   <li>orders: a daily CSV drop in S3 (order_id, customer_id, order_ts, status, amount);</li>
 *   <li>customers: daily snapshots in the operational PostgreSQL database;</li>
 *   <li>shipments: served by a paginated web API, one record per shipped or delivered order;</li>
 *   <li>blocklist: customer ids excluded from reporting (a Parquet file).</li>
 * </ul>
 */
public record SampleData(long seed, LocalDate firstDay, int days, int ordersPerDay, int customers) {
    public static final String[] COUNTRIES = {"DE", "FR", "NL", "ES", "IT", "PL", "SE", "AT", "BE", "DK"};
    public static final String[] SEGMENTS = {"consumer", "business", "enterprise"};
    public static final String[] STATUSES = {"placed", "shipped", "delivered", "cancelled"};
    public static final String[] CARRIERS = {"dhl", "ups", "dpd", "gls"};

    /** The demo's sizes: 8 days of 150,000 orders (1.2 million rows in the largest source), ending the day before yesterday. */
    public static SampleData demo() {
        return recent(20261121L, 8, 150_000, 20_000);
    }

    /**
     * {@code days} days ending the day before yesterday (Europe/Berlin, the schedule's time zone), so that every day's
     * morning_close tick (06:00 the next day) is due and within the clock's catch-up window, as on a real morning.
     */
    public static SampleData recent(long seed, int days, int ordersPerDay, int customers) {
        return new SampleData(seed, LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).minusDays(days + 1L), days, ordersPerDay, customers);
    }

    public LocalDate day(int index) {
        return firstDay.plusDays(index);
    }

    public List<LocalDate> dates() {
        List<LocalDate> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            out.add(day(d));
        }
        return out;
    }

    /** One order. Amounts are whole cents, so sums are exact. */
    public record Order(long orderId, long customerId, LocalDateTime orderTs, String status, long amountCents) {
        public boolean shipped() {
            return status.equals("shipped") || status.equals("delivered");
        }
    }

    /** One customer in one day's snapshot. */
    public record Customer(long customerId, String name, String country, String segment, LocalDateTime updatedAt) {
    }

    /** One shipment. */
    public record Shipment(long shipmentId, long orderId, String carrier, LocalDateTime shippedAt) {
    }

    public List<Order> orders(LocalDate date) {
        int dayIndex = (int) (date.toEpochDay() - firstDay.toEpochDay());
        SplittableRandom random = new SplittableRandom(seed * 31 + dayIndex);
        List<Order> orders = new ArrayList<>(ordersPerDay);
        for (int i = 0; i < ordersPerDay; i++) {
            long orderId = (long) (dayIndex + 1) * 10_000_000L + i;
            // skewed: a fifth of the customers place half of the orders
            long customerId = random.nextInt(2) == 0 ? 1 + random.nextInt(Math.max(1, customers / 5)) : 1 + random.nextInt(customers);
            LocalDateTime ts = date.atStartOfDay().plusSeconds(random.nextInt(86_400));
            int s = random.nextInt(100);
            String status = s < 20 ? "placed" : s < 55 ? "shipped" : s < 92 ? "delivered" : "cancelled";
            long cents = 500 + random.nextInt(49_500);
            orders.add(new Order(orderId, customerId, ts, status, cents));
        }
        return orders;
    }

    public List<Customer> customers(LocalDate date) {
        int dayIndex = (int) (date.toEpochDay() - firstDay.toEpochDay());
        List<Customer> out = new ArrayList<>(customers);
        for (long id = 1; id <= customers; id++) {
            SplittableRandom random = new SplittableRandom(seed * 17 + id);
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            int segment = random.nextInt(SEGMENTS.length);
            // about 1% of customers change segment on a given day
            if (new SplittableRandom(seed * 13 + id * 101 + dayIndex).nextInt(100) == 0) {
                segment = (segment + 1) % SEGMENTS.length;
            }
            out.add(new Customer(id, "Customer " + id, country, SEGMENTS[segment], date.atStartOfDay().minusHours(1 + id % 12)));
        }
        return out;
    }

    public List<Shipment> shipments(LocalDate date) {
        List<Shipment> out = new ArrayList<>();
        for (Order o : orders(date)) {
            if (o.shipped()) {
                SplittableRandom random = new SplittableRandom(seed * 7 + o.orderId());
                out.add(new Shipment(o.orderId() * 10 + 1, o.orderId(), CARRIERS[random.nextInt(CARRIERS.length)],
                        o.orderTs().plusMinutes(30 + random.nextInt(600))));
            }
        }
        return out;
    }

    /** Blocked customer ids: every 97th customer. */
    public List<Long> blocklist() {
        List<Long> out = new ArrayList<>();
        for (long id = 97; id <= customers; id += 97) {
            out.add(id);
        }
        return out;
    }
}
