package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The type of a partition dimension. */
public enum DimensionType {
    /** An ISO-8601 calendar date ({@code 2026-11-20}); one partition per day. */
    DATE,
    /**
     * An hour, {@code yyyy-mm-ddThh} ({@code 2026-11-20T06}); one partition per hour. The partitions of an hourly
     * clock ({@code schedule:}) and of the jobs that consume it with {@code same}. Offsets and windows are on dates only.
     */
    HOUR,
    /** Any string value, for example a region. */
    STRING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DimensionType fromWire(String value) {
        return Arrays.stream(values())
                .filter(t -> t.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dimension type '" + value
                        + "', expected one of " + Arrays.stream(values()).map(DimensionType::wire).collect(Collectors.joining(", "))));
    }
}
