package dev.sluice.extractor.s3;

import dev.sluice.dataplane.PluginSettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings of an {@code s3} source.
 *
 * <pre>{@code
 * source:
 *   type: s3
 *   uri: "s3://{bucket}/raw/orders/date={date}/*.csv.gz"   # a key, a prefix ending in /, or a glob; templated
 *   format: csv            # csv | json | ndjson | parquet; default: from the uri's extension
 *   header: true           # csv: the first line names the columns (default true)
 *   delimiter: ","         # csv: one character, or "tab" (default ,)
 *   quote: '"'             # csv: one character (default ")
 *   escape: '"'            # csv: one character (default: the quote)
 *   nullString: ""         # csv: the text that means NULL (default: empty)
 *   compression: auto      # auto (by extension) | none | gzip | zstd
 *   allowEmpty: false      # no matching object: error (false) or an empty result (true)
 *   onMalformed: fail      # fail | reject (csv and ndjson): skip bad rows, report a count and a sample
 *   maxDecompressedBytes: 16GiB   # a gzip file that decompresses to more is an error
 *   maxLineBytes: 16MiB    # json/ndjson: a longer line (record) is an error
 * }</pre>
 *
 * <p>Several matching files are combined by column name, except for CSV with {@code onMalformed: reject}, where
 * DuckDB keeps no reject tables across differing files: there the files must have the same columns.
 */
public record S3SourceSettings(
        String uri,
        String format,
        boolean header,
        char delimiter,
        char quote,
        Character escape,
        String nullString,
        String compression,
        boolean allowEmpty,
        boolean rejectMalformed,
        long maxDecompressedBytes,
        long maxLineBytes) {

    public static final List<String> FORMATS = List.of("csv", "json", "ndjson", "parquet");
    public static final List<String> COMPRESSIONS = List.of("auto", "none", "gzip", "zstd");
    public static final List<String> ON_MALFORMED = List.of("fail", "reject");
    static final Set<String> KNOWN = Set.of("uri", "format", "header", "delimiter", "quote", "escape", "nullString",
            "compression", "allowEmpty", "onMalformed", "maxDecompressedBytes", "maxLineBytes");
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 16L * 1024 * 1024 * 1024;
    public static final long DEFAULT_MAX_LINE_BYTES = 16L * 1024 * 1024;
    private static final Set<String> CSV_ONLY = Set.of("header", "delimiter", "quote", "escape", "nullString");

    /** Reads and validates the settings. */
    public static S3SourceSettings from(PluginSettings s) {
        s.onlyKnown(KNOWN);
        String uri = s.requiredString("uri").trim();
        if (!uri.startsWith("s3://") || uri.length() <= "s3://".length()) {
            throw s.invalid("uri", "expected s3://<bucket>/<key, prefix/ or glob>, got '" + uri + "'");
        }
        String inferred = inferFormat(uri);
        if (inferred == null && !s.has("format")) {
            throw s.invalid("format", "not set, and the uri '" + uri
                    + "' does not end in .csv, .tsv, .json, .ndjson, .jsonl or .parquet; set format: "
                    + PluginSettings.choices(FORMATS));
        }
        String format = s.oneOf("format", "format", inferred, FORMATS);
        if (!format.equals("csv")) {
            for (String key : CSV_ONLY) {
                if (s.has(key)) {
                    throw s.invalid(key, "applies to format csv only, not " + format);
                }
            }
        }
        String compression = s.oneOf("compression", "compression", "auto", COMPRESSIONS);
        if (format.equals("parquet") && !compression.equals("auto")) {
            throw s.invalid("compression", "does not apply to parquet, which is compressed inside; got '"
                    + compression + "'");
        }
        boolean reject = s.oneOf("onMalformed", "onMalformed policy", "fail", ON_MALFORMED).equals("reject");
        if (reject && !(format.equals("csv") || format.equals("ndjson"))) {
            throw s.invalid("onMalformed", "'reject' works for csv and ndjson, not " + format);
        }
        if (reject && format.equals("ndjson") && compression.equals("zstd")) {
            throw s.invalid("onMalformed", "'reject' reads ndjson line by line and supports gzip, not zstd");
        }
        char delimiter = s.character("delimiter", ',');
        char quote = s.character("quote", '"');
        Character escape = s.has("escape") ? s.character("escape", quote) : null;
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
            throw s.invalid("delimiter", "'" + delimiter + "' cannot be a delimiter here");
        }
        return new S3SourceSettings(uri, format, s.bool("header", true), delimiter, quote, escape,
                s.string("nullString").orElse(null), compression, s.bool("allowEmpty", false), reject,
                s.bytes("maxDecompressedBytes", DEFAULT_MAX_DECOMPRESSED_BYTES, 1024, 1024L * 1024 * 1024 * 1024),
                s.bytes("maxLineBytes", DEFAULT_MAX_LINE_BYTES, 1024, 1024L * 1024 * 1024));
    }

    /** The format a uri's extension implies, ignoring a compression extension; {@code null} if none. */
    static String inferFormat(String uri) {
        String name = uri.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".gz", ".gzip", ".zst")) {
            if (name.endsWith(ext)) {
                name = name.substring(0, name.length() - ext.length());
            }
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return "csv";
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return "ndjson";
        }
        if (name.endsWith(".json")) {
            return "json";
        }
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return "parquet";
        }
        return null;
    }
}
