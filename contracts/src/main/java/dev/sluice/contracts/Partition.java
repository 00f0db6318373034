package dev.sluice.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A partition: dimension name to value, kept sorted by name. On the wire it is a plain JSON object such as
 * {@code {"date":"2026-11-20","region":"eu"}}; unpartitioned is {@code {}}.
 *
 * <p>Names match {@code [a-z][a-z0-9_]{0,63}}; values match {@code [A-Za-z0-9._:+-]{1,128}}, so that
 * {@link #key()} is unambiguous and safe in S3 keys and table keys.
 */
public record Partition(@JsonValue Map<String, String> dimensions) {

    /** The partition of an unpartitioned dataset. */
    public static final Partition NONE = new Partition(Map.of());
    /** The {@link #key()} of {@link #NONE}. */
    public static final String NONE_KEY = "_";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:+-]{1,128}");

    public Partition {
        Objects.requireNonNull(dimensions, "dimensions is required");
        TreeMap<String, String> sorted = new TreeMap<>();
        dimensions.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad partition dimension name: " + name);
            }
            if (value == null || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("bad value for partition dimension " + name + ": " + value);
            }
            sorted.put(name, value);
        });
        dimensions = Collections.unmodifiableSortedMap(sorted);
    }

    /** The partition with these dimensions. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Partition of(Map<String, String> dimensions) {
        return new Partition(dimensions);
    }

    /** {@code of("date", "2026-11-20", "region", "eu")}; no arguments gives {@link #NONE}. */
    public static Partition of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs");
        }
        TreeMap<String, String> dims = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (dims.put(namesAndValues[i], namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate partition dimension: " + namesAndValues[i]);
            }
        }
        return new Partition(dims);
    }

    /** The inverse of {@link #key()}. */
    public static Partition parse(String key) {
        Objects.requireNonNull(key, "key is required");
        if (key.equals(NONE_KEY)) {
            return NONE;
        }
        TreeMap<String, String> dims = new TreeMap<>();
        for (String part : key.split("/", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0 || dims.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("bad partition key: " + key);
            }
        }
        Partition p = new Partition(dims);
        if (!p.key().equals(key)) {
            throw new IllegalArgumentException("partition key not canonical (dimensions sorted by name): " + key);
        }
        return p;
    }

    /** The canonical key: {@code name=value} pairs sorted by name, joined by {@code /}; {@code _} if unpartitioned. */
    public String key() {
        if (dimensions.isEmpty()) {
            return NONE_KEY;
        }
        StringJoiner key = new StringJoiner("/");
        dimensions.forEach((name, value) -> key.add(name + "=" + value));
        return key.toString();
    }

    /** Whether this is {@link #NONE}. */
    public boolean isUnpartitioned() {
        return dimensions.isEmpty();
    }

    @Override
    public String toString() {
        return key();
    }
}
