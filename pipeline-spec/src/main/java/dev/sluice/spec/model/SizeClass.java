package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a job's heavy stages run: {@code small} on Lambda, {@code large} on container workers, {@code xl} on Spark
 * (EMR Serverless; a container worker submits the transform and waits for it, see docs/migration.md).
 */
public enum SizeClass {
    SMALL, LARGE, XL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SizeClass fromWire(String value) {
        for (SizeClass s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown size class '" + value + "', expected small, large or xl");
    }
}
