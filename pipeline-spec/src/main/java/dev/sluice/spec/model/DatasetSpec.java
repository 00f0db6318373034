package dev.sluice.spec.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset: a named, partitioned collection of data with an owner.
 *
 * <p>A dataset is either produced by exactly one job of the specs, or published by an upstream team
 * ({@code external: true}).
 *
 * @param name         unique name, lower snake case; also the SQL view name of the dataset
 * @param owner        the owning team
 * @param description  free text
 * @param partitioning the dimensions of a partition, in order; empty for an unpartitioned dataset
 * @param schema       an optional schema contract that the data must match
 * @param external     true when an upstream team (not a Sluice job) publishes it
 */
public record DatasetSpec(
        String name,
        String owner,
        String description,
        List<Dimension> partitioning,
        SchemaContract schema,
        Boolean external) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        partitioning = partitioning == null ? List.of() : List.copyOf(partitioning);
        external = external != null && external;
    }

    /** True when an upstream team, not a Sluice job, publishes the dataset. */
    public boolean isExternal() {
        return external;
    }

    public Optional<Dimension> dimension(String dimensionName) {
        return partitioning.stream().filter(d -> d.name().equals(dimensionName)).findFirst();
    }

    public List<String> dimensionNames() {
        return partitioning.stream().map(Dimension::name).toList();
    }

    public Optional<SchemaContract> schemaContract() {
        return Optional.ofNullable(schema);
    }
}
