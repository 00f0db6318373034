package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.required;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one column of an actual schema differs from the expected one.
 *
 * @param expected the expected type; {@code null} for UNEXPECTED
 * @param actual   the actual type; {@code null} for MISSING
 */
public record SchemaDifference(
        String column,
        Change change,
        @OptionalField String expected,
        @OptionalField String actual) {

    public SchemaDifference {
        required(column, "column");
        required(change, "change");
    }

    /** The kind of difference. */
    public enum Change {
        /** An expected column is absent. */
        @JsonProperty("missing") MISSING,
        /** The column's type differs. */
        @JsonProperty("type-changed") TYPE_CHANGED,
        /** A column that was not expected is present. */
        @JsonProperty("unexpected") UNEXPECTED
    }
}
