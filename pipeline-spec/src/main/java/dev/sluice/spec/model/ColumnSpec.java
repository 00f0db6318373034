package dev.sluice.spec.model;

import java.util.Objects;

/**
 * A column of a schema contract.
 *
 * @param name     column name
 * @param type     DuckDB type name, for example {@code BIGINT}, {@code VARCHAR}, {@code DECIMAL(18,2)},
 *                 {@code TIMESTAMP WITH TIME ZONE}
 * @param nullable whether nulls are allowed (default true)
 */
public record ColumnSpec(String name, String type, Boolean nullable) {
    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        nullable = nullable == null ? Boolean.TRUE : nullable;
    }
}
