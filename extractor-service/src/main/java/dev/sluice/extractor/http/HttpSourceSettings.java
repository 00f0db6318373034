package dev.sluice.extractor.http;

import dev.sluice.dataplane.PluginSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of an {@code http} source.
 *
 * <pre>{@code
 * source:
 *   type: http
 *   url: "{api}/shipments?date={date}"     # templated; GET
 *   headers: {Accept: application/json}    # optional extra headers (no secrets here)
 *   auth: {header: Authorization, valueRef: env:API_TOKEN, prefix: "Bearer "}   # value from a secret reference
 *   recordsPath: "$.items"                 # where the records are: $ (a top-level array) or $.a.b
 *   pagination:                            # optional; one of:
 *     {type: page, pageParam: page, startPage: 1, sizeParam: size, size: 100}   # stops on a short or empty page
 *     {type: cursor, cursorPath: "$.next_cursor", cursorParam: cursor}          # stops when the cursor is absent
 *     {type: link}                                                              # follows Link: <...>; rel="next"
 *   maxPages: 1000                         # more pages than this is an error
 *   connectTimeout: 10s
 *   requestTimeout: 60s                    # until the response headers arrive
 *   maxRetries: 5                          # per request, on 429, 5xx, timeouts and connection errors
 *   initialBackoff: 500ms                  # full jitter: random(0, min(maxBackoff, initialBackoff * 2^attempt))
 *   maxBackoff: 30s                        # Retry-After (seconds or an HTTP date) wins when the server sends it
 *   allowEmpty: false                      # no records: error (false) or an empty result (true)
 * }</pre>
 */
public record HttpSourceSettings(
        String url,
        Map<String, String> headers,
        Auth auth,
        HttpSourceJsonPath recordsPath,
        Pagination pagination,
        int maxPages,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        boolean allowEmpty) {

    public static final List<String> PAGINATION_TYPES = List.of("none", "page", "cursor", "link");
    static final Set<String> KNOWN = Set.of("url", "headers", "auth", "recordsPath", "pagination", "maxPages",
            "connectTimeout", "requestTimeout", "maxRetries", "initialBackoff", "maxBackoff", "allowEmpty");

    /** A header whose value is a secret. */
    public record Auth(String header, String valueRef, String prefix) {}

    /**
     * How to get the next page.
     *
     * @param type        none, page, cursor or link
     * @param size        the page size for {@code page} (0 when not sent)
     */
    public record Pagination(String type, String pageParam, long startPage, String sizeParam, long size,
            HttpSourceJsonPath cursorPath, String cursorParam) {
        static final Pagination NONE = new Pagination("none", null, 0, null, 0, null, null);
    }

    public static HttpSourceSettings from(PluginSettings s) {
        s.onlyKnown(KNOWN);
        String url = s.requiredString("url").trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("{"))) {
            throw s.invalid("url", "expected an http:// or https:// URL (or one starting with a template variable "
                    + "such as {api}), got '" + url + "'");
        }
        Map<String, String> headers = s.stringMap("headers");
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("authorization")) {
                throw s.invalid("headers." + name, "put credentials in auth (with a secret reference), not in headers");
            }
        }
        Auth auth = s.section("auth").map(a -> {
            a.onlyKnown(Set.of("header", "valueRef", "prefix"));
            String ref = a.requiredString("valueRef").trim();
            if (!ref.contains(":")) {
                throw a.invalid("valueRef", "expected a secret reference such as env:API_TOKEN or "
                        + "secretsmanager:<id>, got '" + ref + "'");
            }
            return new Auth(a.string("header").orElse("Authorization"), ref, a.string("prefix").orElse(""));
        }).orElse(null);
        HttpSourceJsonPath records;
        try {
            records = HttpSourceJsonPath.parse(s.string("recordsPath").orElse("$"));
        } catch (IllegalArgumentException e) {
            throw s.invalid("recordsPath", e.getMessage());
        }
        Pagination pagination = s.section("pagination").map(HttpSourceSettings::pagination).orElse(Pagination.NONE);
        Duration initial = s.duration("initialBackoff", Duration.ofMillis(500), Duration.ZERO, Duration.ofMinutes(5));
        Duration max = s.duration("maxBackoff", Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(15));
        if (max.compareTo(initial) < 0) {
            throw s.invalid("maxBackoff", "must not be below initialBackoff (" + initial + "), got '"
                    + s.string("maxBackoff").orElse("") + "'");
        }
        return new HttpSourceSettings(url, headers, auth, records, pagination,
                (int) s.integer("maxPages", 1000, 1, 1_000_000),
                s.duration("connectTimeout", Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMinutes(5)),
                s.duration("requestTimeout", Duration.ofSeconds(60), Duration.ofMillis(1), Duration.ofHours(1)),
                (int) s.integer("maxRetries", 5, 0, 100), initial, max, s.bool("allowEmpty", false));
    }

    private static Pagination pagination(PluginSettings p) {
        String type = p.oneOf("type", "pagination type", null, PAGINATION_TYPES);
        if (type == null) {
            throw p.invalid("type", "is required, expected " + PluginSettings.choices(PAGINATION_TYPES));
        }
        return switch (type) {
            case "none" -> {
                p.onlyKnown(Set.of("type"));
                yield Pagination.NONE;
            }
            case "page" -> {
                p.onlyKnown(Set.of("type", "pageParam", "startPage", "sizeParam", "size"));
                String sizeParam = p.string("sizeParam").orElse(null);
                long size = p.integer("size", 0, 0, 1_000_000);
                if (sizeParam != null && size == 0) {
                    throw p.invalid("size", "is required with sizeParam '" + sizeParam + "'");
                }
                yield new Pagination(type, p.string("pageParam").orElse("page"), p.integer("startPage", 1, 0,
                        Integer.MAX_VALUE), sizeParam, size, null, null);
            }
            case "cursor" -> {
                p.onlyKnown(Set.of("type", "cursorPath", "cursorParam"));
                HttpSourceJsonPath path;
                try {
                    path = HttpSourceJsonPath.parse(p.requiredString("cursorPath"));
                } catch (IllegalArgumentException e) {
                    throw p.invalid("cursorPath", e.getMessage());
                }
                if (path.fields().isEmpty()) {
                    throw p.invalid("cursorPath", "must name a field, e.g. $.next_cursor");
                }
                yield new Pagination(type, null, 0, null, 0, path, p.requiredString("cursorParam"));
            }
            case "link" -> {
                p.onlyKnown(Set.of("type"));
                yield new Pagination(type, null, 0, null, 0, null, null);
            }
            default -> throw new IllegalStateException(type);
        };
    }
}
