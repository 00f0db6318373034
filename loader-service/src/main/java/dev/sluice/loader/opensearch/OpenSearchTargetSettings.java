package dev.sluice.loader.opensearch;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.spec.settings.Lookup;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of an {@code opensearch} target.
 *
 * <pre>{@code
 * targets:
 *   - type: opensearch
 *     connection: search           # optional: SLUICE_OPENSEARCH_SEARCH_URL (+ _USER, _PASSWORD_REF);
 *                                  # without it, SLUICE_OPENSEARCH_URL
 *     index: order-facts           # created when missing
 *     id: [date, country]          # the document _id: the key columns' values joined by '|'; must include the
 *                                  # output's partition dimensions (checked by OpenSearchTargetFactory)
 *     mode: replace                # replace: after indexing, delete the partition's older-generation documents;
 *                                  # upsert: only index
 *     bulkDocs: 5000               # documents per bulk request
 *     bulkBytes: 5MB               # and at most this many bytes per bulk request
 *     maxRetries: 5                # retries of the failed items of a bulk request (429, 5xx), with backoff
 *     initialBackoff: 200ms        # doubled at each retry, at most 30s
 *     requestTimeout: 60s
 *     controlIndex: sluice-load-generations   # the generation guard: one document per index and partition
 * }</pre>
 */
public record OpenSearchTargetSettings(
        OpenSearchEndpoint endpoint,
        String index,
        List<String> id,
        Mode mode,
        int bulkDocs,
        long bulkBytes,
        int maxRetries,
        Duration initialBackoff,
        Duration requestTimeout,
        String controlIndex) {

    /** Whether older documents of the partition are removed. */
    public enum Mode { REPLACE, UPSERT }

    public static final String DEFAULT_CONTROL_INDEX = "sluice-load-generations";
    static final Set<String> KNOWN = Set.of("connection", "index", "id", "mode", "bulkDocs", "bulkBytes", "maxRetries",
            "initialBackoff", "requestTimeout", "controlIndex");
    private static final Pattern INDEX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,254}");

    public OpenSearchTargetSettings {
        id = List.copyOf(id);
    }

    public static OpenSearchTargetSettings from(PluginSettings s, Lookup configuration) {
        s.onlyKnown(KNOWN);
        OpenSearchEndpoint endpoint = OpenSearchEndpoint.fromConfiguration(s.string("connection").orElse(null), configuration,
                s.name("connection"));
        String index = index(s, "index", s.requiredString("index"));
        List<String> id = s.strings("id");
        if (id.isEmpty()) {
            throw s.invalid("id", "is required: the columns whose values make each document's _id, e.g. [date, country]");
        }
        if (new LinkedHashSet<>(id).size() != id.size()) {
            throw s.invalid("id", "lists a column twice: " + id);
        }
        Mode mode = Mode.valueOf(s.oneOf("mode", "mode", "replace", List.of("replace", "upsert")).toUpperCase());
        String control = index(s, "controlIndex", s.string("controlIndex").orElse(DEFAULT_CONTROL_INDEX));
        if (control.equals(index)) {
            throw s.invalid("controlIndex", "'" + control + "' must differ from the index");
        }
        return new OpenSearchTargetSettings(endpoint, index, id, mode,
                (int) s.integer("bulkDocs", 5_000, 1, 100_000),
                s.bytes("bulkBytes", 5_000_000, 10_000, 100_000_000),
                (int) s.integer("maxRetries", 5, 0, 20),
                s.duration("initialBackoff", Duration.ofMillis(200), Duration.ofMillis(1), Duration.ofSeconds(30)),
                s.duration("requestTimeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(30)),
                control);
    }

    private static String index(PluginSettings s, String key, String value) {
        if (!INDEX.matcher(value).matches()) {
            throw s.invalid(key, "'" + value + "' is not a valid index name: lower-case letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit");
        }
        return value;
    }
}
