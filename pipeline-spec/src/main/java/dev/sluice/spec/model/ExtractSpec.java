package dev.sluice.spec.model;

import java.util.Objects;

/**
 * The extract stage: one source plug-in whose result is staged as Parquet.
 *
 * @param source the source plug-in and its settings
 * @param name   the SQL view name of the extracted data in the transform stage ({@code extracted} by default)
 */
public record ExtractSpec(ComponentSpec source, String name) {
    public ExtractSpec {
        Objects.requireNonNull(source, "source");
        name = name == null ? "extracted" : name;
    }
}
