package dev.sluice.extractor.s3;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.dataplane.MalformedDataException;
import dev.sluice.dataplane.QueryFailedException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns DuckDB's read errors into {@link MalformedDataException}s naming the S3 object and the line. */
final class S3SourceErrors {

    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern JSON_LINE = Pattern.compile("in (?:line|record/value) (\\d+)");
    private static final Pattern FILE = Pattern.compile(
            "(?:file = (\\S[^\\n]*)|in file \"([^\"]+)\"|sniffing file \"([^\"]+)\"|end of file '([^']+)'|file '([^']+)')");
    private static final Pattern DETAIL = Pattern.compile(
            "^(Error when [^\\n]*|Expected Number of Columns[^\\n]*|It was not possible[^\\n]*|Value with unterminated quote[^\\n]*)$",
            Pattern.MULTILINE);

    private S3SourceErrors() {}

    static ClassifiedException translate(QueryFailedException e, Map<String, String> origins) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getMessage();
        boolean malformed = message.contains("CSV Error") || message.contains("Conversion Error")
                || message.contains("Malformed JSON") || message.contains("No magic bytes")
                || message.contains("sniffing file") || message.contains("Invalid Input Error")
                || message.contains("Could not convert") || message.contains("Invalid Error: Parquet");
        if (!malformed) {
            return e;
        }
        String file = null;
        Matcher f = FILE.matcher(message);
        if (f.find()) {
            for (int g = 1; g <= f.groupCount(); g++) {
                if (f.group(g) != null) {
                    file = f.group(g).trim();
                    break;
                }
            }
        }
        if (file != null) {
            file = origins.getOrDefault(file, file);
        } else if (origins.size() == 1) {
            file = origins.values().iterator().next();
        }
        long line = 0;
        Matcher l = CSV_LINE.matcher(message);
        if (l.find()) {
            line = Long.parseLong(l.group(1));
        } else {
            Matcher j = JSON_LINE.matcher(message);
            if (j.find()) {
                line = Long.parseLong(j.group(1));
            }
        }
        Matcher d = DETAIL.matcher(message);
        String detail = d.find() ? d.group(1) : message.lines().findFirst().orElse(message);
        // Local paths mean nothing to the reader of the message.
        for (Map.Entry<String, String> o : origins.entrySet()) {
            detail = detail.replace(o.getKey(), o.getValue());
        }
        return new MalformedDataException(detail.trim(), file, line, e);
    }
}
