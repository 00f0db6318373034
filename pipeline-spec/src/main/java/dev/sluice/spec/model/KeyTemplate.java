package dev.sluice.spec.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 key or location with partition dimensions in braces ({@code raw/orders/date={date}/_SUCCESS}): what
 * {@code fileArrival.key} and {@code shadow.legacy} are written as. One place for the placeholder syntax: which
 * names it holds, its fixed beginning and end (what an S3 notification filter can match), how it matches a key and
 * how it is filled in for a partition.
 */
public record KeyTemplate(String text) {
    /** A placeholder: {@code {date}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public KeyTemplate {
        Objects.requireNonNull(text, "text");
    }

    /** The names in braces, in order. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The text up to its first placeholder (all of it without one). */
    public String fixedPrefix() {
        int open = text.indexOf('{');
        return open < 0 ? text : text.substring(0, open);
    }

    /** The text after its last placeholder (nothing without one). */
    public String fixedSuffix() {
        int close = text.lastIndexOf('}');
        return close < 0 ? "" : text.substring(close + 1);
    }

    /** Whether an S3 notification filter on this template's fixed prefix and suffix can match a key {@code other}'s can. */
    public boolean overlaps(KeyTemplate other) {
        String pa = fixedPrefix();
        String pb = other.fixedPrefix();
        String sa = fixedSuffix();
        String sb = other.fixedSuffix();
        return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
    }

    /** A pattern matching the whole of a key, each placeholder one path segment's worth ({@code [^/]+}), in order as groups. */
    public Pattern pattern() {
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(text.substring(last, m.start()))).append("([^/]+)");
            last = m.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(text.substring(last))).append('$').toString());
    }

    /**
     * The text with each placeholder replaced by its value.
     *
     * @throws IllegalArgumentException naming the placeholder when {@code values} lacks it
     */
    public String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("{" + m.group(1) + "} has no value in " + values);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
