package dev.sluice.dataplane.compare;

import dev.sluice.dataplane.InvalidSettingsException;
import java.util.List;
import java.util.Objects;

/**
 * How to compare.
 *
 * @param key        the columns that identify a row on both sides; empty for a comparison of rows as multisets
 *                   ({@code EXCEPT ALL} both ways), which cannot tell a changed row from a missing one
 * @param sampleSize at most this many differing rows in the report
 * @param leftWhere  a SQL condition that selects the rows of the left side (e.g. one partition of a legacy table),
 *                   or {@code null}; pushed down to the database for a JDBC table
 * @param rightWhere the same for the right side
 */
public record CompareOptions(List<String> key, int sampleSize, String leftWhere, String rightWhere) {

    public static final int DEFAULT_SAMPLE_SIZE = 10;
    public static final int MAX_SAMPLE_SIZE = 10_000;

    public CompareOptions {
        key = List.copyOf(Objects.requireNonNull(key, "key"));
        for (String k : key) {
            if (k == null || k.isBlank()) {
                throw new InvalidSettingsException("key", "a key column name is empty in " + key);
            }
        }
        if (key.stream().distinct().count() != key.size()) {
            throw new InvalidSettingsException("key", "a key column is named twice in " + key);
        }
        if (sampleSize < 0 || sampleSize > MAX_SAMPLE_SIZE) {
            throw new InvalidSettingsException("sample", "must be 0 to " + MAX_SAMPLE_SIZE + ", got " + sampleSize);
        }
        leftWhere = blankToNull(leftWhere);
        rightWhere = blankToNull(rightWhere);
    }

    /** Keyed by {@code key}, with the default sample size and no filters. */
    public static CompareOptions keyed(List<String> key) {
        return new CompareOptions(key, DEFAULT_SAMPLE_SIZE, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
