package dev.sluice.extractor.http;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.http.HttpConnectionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.sluice.spec.settings.Lookup;

/**
 * The settings of an {@code http} source. The endpoint and its credentials are a named connection in the service's
 * configuration ({@link HttpConnectionSettings}); the spec names it and adds a path.
 *
 * <pre>{@code
 * source:
 *   type: http
 *   connection: shipments                  # SLUICE_HTTP_SHIPMENTS_URL, _AUTH_REF, ... in the configuration
 *   path: "/shipments?date={date}"         # templated; appended to the connection's URL, must stay below it; GET
 *   headers: {Accept: application/json}    # optional extra headers (no credentials here)
 *   recordsPath: "$.items"                 # where the records are: $ (a top-level array) or $.a.b
 *   pagination:                            # optional; one of:
 *     {type: page, pageParam: page, startPage: 1, sizeParam: size, size: 100}   # stops on a short or empty page
 *     {type: cursor, cursorPath: "$.next_cursor", cursorParam: cursor}          # stops when the cursor is absent
 *     {type: link}                                                              # follows Link: <...>; rel="next"
 *   maxPages: 1000                         # more pages than this is an error
 *   maxPageBytes: 64MiB                    # a larger page body is an error
 *   maxBytes: 1GiB                         # more bytes over all pages is an error
 *   connectTimeout: 10s
 *   requestTimeout: 60s                    # until the response headers arrive
 *   readTimeout: 5m                        # until the whole response (headers and body) has arrived
 *   maxRetries: 5                          # per request, on 429, 5xx, timeouts and connection errors
 *   initialBackoff: 500ms                  # full jitter: random(0, min(maxBackoff, initialBackoff * 2^attempt))
 *   maxBackoff: 30s                        # Retry-After (seconds or an HTTP date) wins when the server sends it
 *   allowEmpty: false                      # no records: error (false) or an empty result (true)
 * }</pre>
 */
public record HttpSourceSettings(
        HttpConnectionSettings connection,
        String path,
        Map<String, String> headers,
        HttpSourceJsonPath recordsPath,
        Pagination pagination,
        int maxPages,
        long maxPageBytes,
        long maxBytes,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        boolean allowEmpty) {

    public static final List<String> PAGINATION_TYPES = List.of("none", "page", "cursor", "link");
    public static final long DEFAULT_MAX_PAGE_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;
    static final Set<String> KNOWN = Set.of("connection", "path", "headers", "recordsPath", "pagination", "maxPages",
            "maxPageBytes", "maxBytes", "connectTimeout", "requestTimeout", "readTimeout", "maxRetries",
            "initialBackoff", "maxBackoff", "allowEmpty");

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

    /** Reads and validates the settings; the connection must be configured in {@code configuration}. */
    public static HttpSourceSettings from(PluginSettings s, Lookup configuration) {
        for (String moved : List.of("url", "auth")) {
            if (s.has(moved)) {
                throw s.invalid(moved, "HTTP sources name a connection of the service's configuration instead of a "
                        + moved + ": set connection: <name> and path, and declare SLUICE_HTTP_<NAME>_URL and "
                        + "SLUICE_HTTP_<NAME>_AUTH_REF in the configuration");
            }
        }
        s.onlyKnown(KNOWN);
        HttpConnectionSettings connection = HttpConnectionSettings.fromConfiguration(
                s.requiredString("connection").trim(), configuration, s.name("connection"));
        String path = s.string("path").orElse("").trim();
        if (!path.isEmpty() && !path.startsWith("/") && !path.startsWith("?")) {
            throw s.invalid("path", "expected a path starting with / (or a query starting with ?), appended to the "
                    + "connection's URL, got '" + path + "'");
        }
        Map<String, String> headers = s.stringMap("headers");
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase(connection.authHeader())) {
                throw s.invalid("headers." + name, "credentials belong to the connection ("
                        + HttpConnectionSettings.settingPrefix(connection.name()) + "AUTH_REF), not to headers");
            }
        }
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
        long maxPageBytes = s.bytes("maxPageBytes", DEFAULT_MAX_PAGE_BYTES, 1024, 1024L * 1024 * 1024);
        long maxBytes = s.bytes("maxBytes", DEFAULT_MAX_BYTES, 1024, 64L * 1024 * 1024 * 1024);
        Duration requestTimeout = s.duration("requestTimeout", Duration.ofSeconds(60), Duration.ofMillis(1),
                Duration.ofHours(1));
        Duration readTimeout = s.duration("readTimeout", Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofHours(1));
        if (readTimeout.compareTo(requestTimeout) < 0) {
            throw s.invalid("readTimeout", "must not be below requestTimeout (" + requestTimeout + "), got '"
                    + s.string("readTimeout").orElse("") + "'");
        }
        return new HttpSourceSettings(connection, path, headers, records, pagination,
                (int) s.integer("maxPages", 1000, 1, 1_000_000), maxPageBytes, maxBytes,
                s.duration("connectTimeout", Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMinutes(5)),
                requestTimeout, readTimeout, (int) s.integer("maxRetries", 5, 0, 100), initial, max,
                s.bool("allowEmpty", false));
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
