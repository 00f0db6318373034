package dev.sluice.spec.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** The prefix of a template in the environment's own bucket. */
    private static final String OWN_BUCKET = "s3://{bucket}/";

    public ShadowSpec {
        key = key == null ? List.of() : new ArrayList<>(key).stream().map(k -> k == null ? "" : k).toList();
    }

    /** True for a {@code jdbc:} legacy location. */
    public boolean isJdbc() {
        return legacy != null && legacy.strip().startsWith("jdbc:");
    }

    /** The dimension names the template names, in order (empty for JDBC). */
    public List<String> placeholders() {
        if (legacy == null || isJdbc()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(path(legacy).placeholders());
    }

    /**
     * The S3 template up to its first dimension placeholder, with {@code bucket} in place of {@code {bucket}}: the
     * prefix every partition's legacy location lies under ({@code "{bucket}"} keeps the placeholder, for validation).
     */
    public String fixedPrefix(String bucket) {
        String text = legacy.strip();
        return text.startsWith(OWN_BUCKET) ? "s3://" + bucket + "/" + path(text).fixedPrefix() : path(text).fixedPrefix();
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
        KeyTemplate path = path(text);
        for (String name : path.placeholders()) {
            if (!dimensions.containsKey(name)) {
                throw new IllegalArgumentException("shadow.legacy '" + legacy + "' names {" + name
                        + "}, which is not a dimension of the partition " + dimensions);
            }
        }
        String filled = path.fill(dimensions);
        return text.startsWith(OWN_BUCKET) ? "s3://" + bucket + "/" + filled : filled;
    }

    /** The template after {@code s3://{bucket}/} (whose placeholder is the environment's, not a dimension). */
    private static KeyTemplate path(String text) {
        return new KeyTemplate(text.startsWith(OWN_BUCKET) ? text.substring(OWN_BUCKET.length()) : text);
    }
}
