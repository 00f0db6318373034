package dev.sluice.extractor.http;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSONPath subset of HTTP sources: {@code $} (the document) or {@code $.a.b} (fields of objects).
 *
 * @param fields the field names from the root; empty for {@code $}
 */
public record HttpSourceJsonPath(String text, List<String> fields) {

    private static final Pattern SYNTAX = Pattern.compile("\\$(\\.[A-Za-z0-9_-]+)*");

    /** @throws IllegalArgumentException when {@code text} is not of the subset */
    public static HttpSourceJsonPath parse(String text) {
        String t = text.trim();
        if (!SYNTAX.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a supported path; expected $ or $.field.field");
        }
        List<String> fields = t.equals("$") ? List.of() : Arrays.asList(t.substring(2).split("\\."));
        return new HttpSourceJsonPath(t, List.copyOf(fields));
    }

    /** Whether this path is {@code path} or lies below it. */
    boolean startsWith(List<String> path) {
        return fields.size() >= path.size() && fields.subList(0, path.size()).equals(path);
    }

    boolean is(List<String> path) {
        return fields.equals(path);
    }
}
