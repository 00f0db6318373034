package dev.sluice.transformer;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.dataplane.MalformedDataException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL a data engineer wrote, made safe to embed in one statement, and DuckDB's errors about it turned into
 * messages about that SQL.
 *
 * <p>The engine always puts the user's SQL on line 1 of the statement it runs (e.g.
 * {@code CREATE TABLE output AS <sql>}), so the {@code LINE n} that DuckDB reports is line n of the user's text; a
 * reported line is only claimed when DuckDB's snippet of it is on that line of the user's text (an error in the
 * engine's own SQL, such as an input view, is reported without a line).
 */
final class UserSql {

    private static final Pattern LINE = Pattern.compile("LINE (\\d+): ?(.*)");
    private static final Pattern ERROR_TYPE = Pattern.compile("^([A-Za-z ]+ Error):");

    private UserSql() {}

    /**
     * {@code sql} as the text of one query to embed: its leading and trailing semicolons are blanked out (line and column
     * positions are kept) and a final line break ends a trailing {@code --} comment.
     *
     * @param source where the SQL comes from, for messages
     * @throws SqlFailedException if the text holds no statement or more than one
     */
    static String singleQuery(String sql, String job, String source) {
        if (sql == null) {
            throw new SqlFailedException(job, source, 0, "there is no SQL", null);
        }
        Scan scan = scan(sql);
        if (scan.firstSignificant < 0) {
            throw new SqlFailedException(job, source, 0, "the SQL is empty", null);
        }
        if (scan.secondStatement >= 0) {
            int line = lineOf(sql, scan.secondStatement);
            throw new SqlFailedException(job, source, line, "the SQL holds more than one statement (the second starts"
                    + " on line " + line + "); write one query, with WITH clauses for intermediate steps", null);
        }
        StringBuilder text = new StringBuilder(sql);
        for (int p : scan.blankedSemicolons) {
            text.setCharAt(p, ' ');
        }
        return text.append('\n').toString();
    }

    /**
     * DuckDB's failure of the user's SQL as a classified exception: a {@link MalformedDataException} naming the
     * input when DuckDB could not read one of the input files, else a {@link SqlFailedException} with the line.
     *
     * @param sql       the user's SQL text, as embedded on line 1 of the statement
     * @param origins   local file path to the URI it was downloaded from, used in messages instead of local paths
     */
    static ClassifiedException translate(String job, String source, String sql, String duckDbMessage,
            Map<String, String> origins, Throwable cause) {
        String message = duckDbMessage == null ? "unknown error" : duckDbMessage.strip();
        String file = null;
        for (Map.Entry<String, String> o : origins.entrySet()) {
            if (message.contains(o.getKey())) {
                file = o.getValue();
                message = message.replace(o.getKey(), o.getValue());
            }
        }
        Matcher type = ERROR_TYPE.matcher(message);
        String errorType = type.find() ? type.group(1) : "";
        if (file != null && (errorType.equals("Invalid Input Error") || errorType.equals("IO Error")
                || errorType.equals("Invalid Error") || message.contains("No magic bytes"))) {
            return new MalformedDataException(firstLine(message) + " (in " + source + " of job " + job + ")", file, 0,
                    cause);
        }
        return new SqlFailedException(job, source, lineIn(sql, message), message, cause);
    }

    /** The line DuckDB reports in {@code message}, if its snippet is on that line of {@code sql}; else 0. */
    static int lineIn(String sql, String message) {
        Matcher m = LINE.matcher(message);
        if (!m.find()) {
            return 0;
        }
        int line = Integer.parseInt(m.group(1));
        String[] lines = sql.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return 0;
        }
        String snippet = m.group(2).strip();
        if (snippet.startsWith("...")) {
            snippet = snippet.substring(3);
        }
        if (snippet.endsWith("...")) {
            snippet = snippet.substring(0, snippet.length() - 3);
        }
        snippet = snippet.strip();
        String actual = lines[line - 1].strip();
        if (snippet.isEmpty() && actual.isEmpty()) {
            return line;
        }
        return !snippet.isEmpty() && !actual.isEmpty() && (actual.contains(snippet) || snippet.contains(actual))
                ? line : 0;
    }

    static int lineOf(String text, int position) {
        int line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Where the statements of a text are. */
    private record Scan(int firstSignificant, int secondStatement, java.util.List<Integer> blankedSemicolons) {}

    /**
     * A small lexer: skips string literals ({@code '...'}, {@code E'...'}), quoted identifiers ({@code "..."}),
     * dollar-quoted strings ({@code $tag$...$tag$}) and comments ({@code --}, nested {@code /* *}{@code /}), and
     * finds the semicolons between statements.
     */
    private static Scan scan(String sql) {
        int n = sql.length();
        int first = -1;
        int second = -1;
        java.util.List<Integer> pending = new java.util.ArrayList<>();
        java.util.List<Integer> leading = new java.util.ArrayList<>();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
                continue;
            }
            if (c == ';') {
                pending.add(i);
                i++;
                continue;
            }
            // Something significant.
            if (first < 0) {
                first = i;
                leading.addAll(pending);
                pending.clear();
            } else if (!pending.isEmpty() && second < 0) {
                second = i;
            }
            if (c == '\'' || c == '"') {
                boolean backslashEscapes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
                i = skipQuoted(sql, i, c, backslashEscapes);
            } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                int end = dollarTagEnd(sql, i);
                if (end > 0) {
                    String tag = sql.substring(i, end + 1);
                    int close = sql.indexOf(tag, end + 1);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
            if (second < 0) {
                pending.clear();
            }
        }
        if (second < 0) {
            leading.addAll(pending);
        }
        return new Scan(first, second, leading);
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The index of the closing {@code $} of a dollar-quote tag opening at {@code start}, or -1. */
    private static int dollarTagEnd(String sql, int start) {
        int i = start + 1;
        if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            return -1; // $1: a parameter
        }
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i : -1;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
