package dev.sluice.extractor.http;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.MalformedDataException;
import dev.sluice.dataplane.QueryFailedException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pages of a JSON API, streams their records to an NDJSON file as they arrive, then lands that file as
 * Parquet through DuckDB's {@code read_json} (nested objects become {@code STRUCT}s).
 *
 * <p>The auth header is sent only to the host of the first URL, so that a {@code Link} to another host does not
 * receive the credentials.
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
        String urlSetting = context.setting("url");
        String urlText = Templates.of(request, context.configuration()).fill(urlSetting, settings.url());
        URI first;
        try {
            first = new URI(urlText);
            if (first.getScheme() == null || !first.getScheme().matches("(?i)https?") || first.getHost() == null) {
                throw new URISyntaxException(urlText, "not an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException(urlSetting, "'" + urlText + "' is not a valid URL: " + e.getReason());
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        headers.putIfAbsent("Accept", "application/json");
        Map<String, String> authHeaders = new LinkedHashMap<>(headers);
        if (settings.auth() != null) {
            Secret secret = context.secrets().resolve(context.setting("auth.valueRef"), settings.auth().valueRef());
            authHeaders.put(settings.auth().header(), settings.auth().prefix() + secret.reveal());
        }

        Path records = workDir.resolve("records.ndjson");
        Path body = workDir.resolve("page.json");
        long total = 0;
        int pages = 0;
        HttpClient.Builder builder = context.httpClients().get()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        try (HttpClient http = builder.build();
                BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            HttpSourceClient client = new HttpSourceClient(http, settings, sleeper, Clock.systemUTC());
            HttpSourceSettings.Pagination pagination = settings.pagination();
            long page = pagination.startPage();
            String cursor = null;
            URI next = pageUri(first, page, null);
            while (next != null) {
                if (pages >= settings.maxPages()) {
                    throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, context.setting("maxPages") + ": more than " + settings.maxPages()
                            + " pages from " + HttpSourceClient.redactQuery(first) + "; raise maxPages if that is expected");
                }
                boolean sameHost = Objects.equals(next.getHost(), first.getHost()) && next.getPort() == first.getPort();
                HttpSourceClient.Page response = client.get(next, sameHost ? authHeaders : headers, body);
                pages++;
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
                    case "link" -> nextLink(response, next).orElse(null);
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
