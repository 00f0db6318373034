package dev.sluice.cli;

import dev.sluice.spec.topology.Topology;

/** Renders a topology for people. */
final class TopologyText {
    private TopologyText() {
    }

    static String render(Topology t) {
        StringBuilder sb = new StringBuilder();
        sb.append("environment ").append(t.env()).append('\n');
        sb.append("topics\n");
        t.topics().forEach(x -> sb.append(String.format("  %-40s %s%n", x.name(), x.purpose())));
        sb.append("queues (each with a DLQ)\n");
        t.queues().forEach(q -> sb.append(String.format("  %-40s -> %s after %d receives; %s%n",
                q.name(), q.deadLetterQueue(), q.maxReceiveCount(), q.purpose())));
        sb.append("subscriptions\n");
        t.subscriptions().forEach(s -> sb.append(String.format("  %-40s -> %-34s filter %s%s%n",
                s.topic(), s.queue(), s.filterPolicy().isEmpty() ? "(none)" : s.filterPolicy(),
                s.rawDelivery() ? "" : "  (SNS envelope: the topic names the publisher)")));
        sb.append("tables (on demand)\n");
        t.tables().forEach(x -> {
            sb.append(String.format("  %-40s key %s%s%n", x.name(), x.hashKey(), x.range().map(r -> " + " + r).orElse("")));
            x.indexes().forEach(i -> sb.append(String.format("    gsi %-14s %s%s  (%s)%n", i.name(), i.hashKey(),
                    i.rangeKey() == null ? "" : " + " + i.rangeKey(), i.purpose())));
        });
        sb.append("buckets\n");
        t.buckets().forEach(b -> sb.append("  ").append(b).append('\n'));
        if (!t.schedules().isEmpty()) {
            sb.append("schedules (clock datasets: the tracker's sweep ticks them; deploy/ also fires the sweep at each time)\n");
            t.schedules().forEach(x -> sb.append(String.format("  %-40s cron %s (%s)%n", x.dataset(), x.cron(), x.timeZone())));
        }
        if (!t.arrivals().isEmpty()) {
            sb.append("file arrivals (the bucket's s3:ObjectCreated:* notifications; deploy/ configures them, the local emulator sends none)\n");
            t.arrivals().forEach(a -> sb.append(String.format("  s3://%s/%s*%s -> %s  (%s)%n", a.bucket(), a.prefix(), a.suffix(),
                    a.topic(), a.dataset())));
        }
        return sb.toString();
    }
}
