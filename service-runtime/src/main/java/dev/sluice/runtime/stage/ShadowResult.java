package dev.sluice.runtime.stage;

import dev.sluice.contracts.EventText;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The comparison of a shadow run's output with the legacy output of the same partition, as the run records it.
 *
 * @param outcome       {@code EQUAL}, {@code DIFFERENT}, or {@code ERROR} when the comparison could not be made (e.g.
 *                      no legacy data for the partition)
 * @param dataset       the shadow dataset
 * @param legacy        the legacy location of the partition, resolved
 * @param summary       a one-line summary (row counts and how many rows differ, or the error)
 * @param differingKeys the keys of up to {@link #MAX_KEYS} differing rows, each with its kind of difference under
 *                      {@code _difference} ({@code only_left}: only in the shadow output, {@code only_right}: only in the
 *                      legacy output, {@code changed}); no other values, so the runs table holds no row data
 */
public record ShadowResult(Outcome outcome, String dataset, String legacy, String summary,
        List<Map<String, String>> differingKeys) {

    /** The most differing keys a run records. */
    public static final int MAX_KEYS = 10;

    /** How the shadow output compared. */
    public enum Outcome { EQUAL, DIFFERENT, ERROR }

    public ShadowResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(legacy, "legacy");
        summary = EventText.bounded(summary);
        differingKeys = differingKeys == null ? List.of()
                : differingKeys.stream().limit(MAX_KEYS).map(Map::copyOf).toList();
    }

    /** Each differing key as {@code sluice runs} and the console show it: its kind, then its columns by name. */
    public List<String> differenceLines() {
        return differingKeys.stream().map(key -> {
            java.util.TreeMap<String, String> columns = new java.util.TreeMap<>(key);
            String kind = columns.remove("_difference");
            return kind + " " + columns;
        }).toList();
    }

    /** {@code equal}, {@code different} or {@code error}, as {@code sluice runs} and the console show it. */
    public String label() {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
