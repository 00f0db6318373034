package dev.sluice.spec.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shadow mode of a job: it runs on every release like any job, but its output is a shadow dataset (no
 * {@code data-ready} for consumers), compared with the legacy output of the same partition; the result is recorded
 * on the run, and a difference raises a {@code shadow-difference} alert.
 *
 * @param legacy where the legacy output of a partition is: an S3 template with the partition's dimensions in braces
 *               ({@code s3://bucket/legacy/orders/date={date}/}), which must lie under a declared {@code locations:}
 *               prefix of an external dataset; or {@code jdbc:<connection>/<table>}, whose rows of the partition are
 *               those whose columns named after the dimensions hold the partition's values
 * @param key    the columns that identify a row on both sides
 */
public record ShadowSpec(String legacy, List<String> key) {

    /** A placeholder in an S3 template: {@code {date}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public ShadowSpec {
        key = key == null ? List.of() : new ArrayList<>(key).stream().map(k -> k == null ? "" : k).toList();
    }

    /** True for a {@code jdbc:} legacy location. */
    public boolean isJdbc() {
        return legacy != null && legacy.strip().startsWith("jdbc:");
    }

    /** The dimension names the template names, in order (empty for JDBC). */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        if (legacy == null || isJdbc()) {
            return names;
        }
        Matcher m = PLACEHOLDER.matcher(legacy.startsWith("s3://{bucket}/") ? legacy.substring("s3://{bucket}".length()) : legacy);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The legacy location of one partition: each {@code {dimension}} replaced by its value, and
     * {@code s3://{bucket}/} by the environment's bucket.
     */
    public String legacyFor(Map<String, String> dimensions, String bucket) {
        String text = legacy.strip();
        if (isJdbc()) {
            return text;
        }
        if (text.startsWith("s3://{bucket}/")) {
            text = "s3://" + bucket + text.substring("s3://{bucket}".length());
        }
        Map<String, String> values = new LinkedHashMap<>(dimensions);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("shadow.legacy '" + legacy + "' names {" + m.group(1)
                        + "}, which is not a dimension of the partition " + dimensions);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
