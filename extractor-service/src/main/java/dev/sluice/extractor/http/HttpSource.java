package dev.sluice.extractor.http;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.MalformedDataException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.dataplane.http.HttpConnectionSettings;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.ParquetResults;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.Templates;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pages of a JSON API, streams their records to an NDJSON file as they arrive, then lands that file as
 * Parquet through DuckDB's {@code read_json} (nested objects become {@code STRUCT}s).
 *
 * <p>Every request goes to the named connection's origin only: the first URL, each page, each {@code Link} and each
 * redirect are checked before any connection is made, so the connection's auth header reaches no other host and
 * never travels over plain HTTP unless the connection allows it. Pages are capped by {@code maxPageBytes}, all of them
 * together by {@code maxBytes}.
 */
public final class HttpSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    private final HttpSourceSettings settings;
    private final SourceContext context;
    private final HttpSourceClient.Sleeper sleeper;

    HttpSource(HttpSourceSettings settings, SourceContext context) {
        this(settings, context, d -> Thread.sleep(d.toMillis()));
    }

    HttpSource(HttpSourceSettings settings, SourceContext context, HttpSourceClient.Sleeper sleeper) {
        this.settings = settings;
        this.context = context;
        this.sleeper = sleeper;
    }

    public HttpSourceSettings settings() {
        return settings;
    }

    @Override
    public ExtractResult extract(ExtractRequest request, Path workDir) {
        HttpConnectionSettings connection = settings.connection();
        String pathSetting = context.setting("path");
        String path = Templates.of(request, context.configuration()).fill(pathSetting, settings.path());
        URI first = firstUri(connection, path, pathSetting);
        connection.checkTarget(first, "the request");
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        headers.putIfAbsent("Accept", "application/json");
        Secret secret = connection.authSecret(context.secrets());
        if (secret != null) {
            headers.put(connection.authHeader(), connection.authPrefix() + secret.reveal());
        }

        Path records = workDir.resolve("records.ndjson");
        Path body = workDir.resolve("page.json");
        long total = 0;
        long bytes = 0;
        int pages = 0;
        HttpClient.Builder builder = context.httpClients().get()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        try (HttpClient http = builder.build();
                BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            HttpSourceClient client = new HttpSourceClient(http, settings, sleeper, Clock.systemUTC(), secret);
            HttpSourceSettings.Pagination pagination = settings.pagination();
            long page = pagination.startPage();
            String cursor = null;
            URI next = pageUri(first, page, null);
            while (next != null) {
                if (pages >= settings.maxPages()) {
                    throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, context.setting("maxPages") + ": more than " + settings.maxPages()
                            + " pages from " + HttpSourceClient.redactQuery(first) + "; raise maxPages if that is expected");
                }
                long left = settings.maxBytes() - bytes;
                boolean pageCap = settings.maxPageBytes() <= left;
                HttpSourceClient.Page response = client.get(next, headers, body,
                        pageCap ? settings.maxPageBytes() : left,
                        context.setting(pageCap ? "maxPageBytes" : "maxBytes"));
                pages++;
                bytes += response.bytes();
                HttpSourcePageReader.Result result;
                try {
                    result = HttpSourcePageReader.read(response.body(), settings.recordsPath(), pagination.cursorPath(), out);
                } catch (IOException | IllegalStateException e) {
                    throw new MalformedDataException("page " + pages + " is not what recordsPath "
                            + settings.recordsPath().text() + " expects: " + firstLine(e.getMessage()),
                            HttpSourceClient.redactQuery(next), 0, null);
                }
                total += result.records();
                next = switch (pagination.type()) {
                    case "page" -> result.records() == 0 || (pagination.size() > 0 && result.records() < pagination.size())
                            ? null : pageUri(first, ++page, null);
                    case "cursor" -> {
                        if (result.cursor() == null) {
                            yield null;
                        }
                        if (result.cursor().equals(cursor)) {
                            throw new MalformedDataException("the API returned the same cursor twice; stopping to avoid a loop",
                                    HttpSourceClient.redactQuery(next), 0, null);
                        }
                        cursor = result.cursor();
                        yield pageUri(first, 0, cursor);
                    }
                    case "link" -> {
                        URI link = nextLink(response, next).orElse(null);
                        if (link != null) {
                            connection.checkTarget(link, "the Link rel=\"next\" of page " + pages);
                        }
                        yield link;
                    }
                    default -> null;
                };
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + records, e);
        }
        LOG.debug("Fetched {} records in {} pages from {}", total, pages, HttpSourceClient.redactQuery(first));

        Path output = workDir.resolve(ParquetResults.OUTPUT_FILE);
        try (DuckDbSession db = DuckDbSession.open(context.duckDb())) {
            if (total == 0) {
                if (!settings.allowEmpty()) {
                    throw new ClassifiedException(ErrorClass.EMPTY_INPUT, "no records from " + HttpSourceClient.redactQuery(first) + " ("
                            + pages + " page(s)); set allowEmpty: true if that can be normal");
                }
                return ParquetResults.empty(db, context.contract().orElse(null), output);
            }
            try {
                db.copyToParquet("SELECT * FROM read_json(?, format = 'newline_delimited')", output, List.of(records.toString()));
            } catch (QueryFailedException e) {
                throw new MalformedDataException("the records could not be read: " + firstLine(e.getMessage()),
                        HttpSourceClient.redactQuery(first), 0, e);
            }
            return ParquetResults.of(db, output, 0, List.of());
        }
    }

    /**
     * The connection's URL followed by {@code path}, which must stay below it: {@code ..} segments that climb above
     * the connection's path are refused.
     */
    static URI firstUri(HttpConnectionSettings connection, String path, String pathSetting) {
        String base = connection.baseUrl().toString();
        String text = path.isEmpty() ? base : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException(pathSetting, "'" + path + "' does not make a valid URL with connection '"
                    + connection.name() + "': " + e.getReason());
        }
        URI normalized = uri.normalize();
        String basePath = connection.baseUrl().getRawPath() == null ? "" : connection.baseUrl().getRawPath();
        basePath = basePath.endsWith("/") ? basePath : basePath + "/";
        String rawPath = normalized.getRawPath() == null || normalized.getRawPath().isEmpty() ? "/" : normalized.getRawPath();
        String withSlash = rawPath.endsWith("/") ? rawPath : rawPath + "/";
        if (!connection.sameOrigin(normalized) || !withSlash.startsWith(basePath) || rawPath.contains("/../")
                || rawPath.startsWith("/..")) {
            throw new InvalidSettingsException(pathSetting, "'" + path + "' leads outside connection '"
                    + connection.name() + "' (" + connection.baseUrl() + ")");
        }
        return normalized;
    }

    /** The first URL with the pagination's query parameters. */
    private URI pageUri(URI base, long page, String cursor) {
        HttpSourceSettings.Pagination p = settings.pagination();
        return switch (p.type()) {
            case "page" -> {
                URI uri = withParam(base, p.pageParam(), Long.toString(page));
                yield p.sizeParam() == null ? uri : withParam(uri, p.sizeParam(), Long.toString(p.size()));
            }
            case "cursor" -> cursor == null ? base : withParam(base, p.cursorParam(), cursor);
            default -> base;
        };
    }

    static URI withParam(URI uri, String name, String value) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String head = hash < 0 ? text : text.substring(0, hash);
        String separator = head.contains("?") ? (head.endsWith("?") || head.endsWith("&") ? "" : "&") : "?";
        return URI.create(head + separator + URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8) + fragment);
    }

    /** The {@code rel="next"} target of the {@code Link} headers, resolved against {@code current}. */
    static Optional<URI> nextLink(HttpSourceClient.Page response, URI current) {
        for (String header : response.headers().allValues("Link")) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                Matcher rel = REL.matcher(m.group(2));
                while (rel.find()) {
                    for (String r : rel.group(1).trim().split("\\s+")) {
                        if (r.equalsIgnoreCase("next")) {
                            return Optional.of(current.resolve(m.group(1).trim()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
