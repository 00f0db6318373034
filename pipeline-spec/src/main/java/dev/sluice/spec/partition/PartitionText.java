package dev.sluice.spec.partition;

import dev.sluice.contracts.Partition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Partitions as operators type them: {@code date=2026-11-20} or {@code date=2026-11-20/region=eu}
 * ({@code ,} also separates dimensions); {@code _} or nothing is the unpartitioned partition.
 */
public final class PartitionText {
    private PartitionText() {
    }

    public static Partition parse(String text) {
        if (text == null || text.isBlank() || text.equals(Partition.NONE_KEY)) {
            return Partition.NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.split("[/,]")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException("partition '" + text + "' must look like date=2026-11-20 or date=2026-11-20/region=eu");
            }
            values.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return Partition.of(values);
    }
}
