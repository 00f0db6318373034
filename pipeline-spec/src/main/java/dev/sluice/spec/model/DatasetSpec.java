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
 * @param locations    for an external dataset, the S3 prefixes ({@code s3://bucket/prefix/}) its data may live under: a
 *                     data-ready event pointing anywhere else is refused by the stages that read it. A dataset produced
 *                     by a job lives under its dataset prefix in the environment's bucket and declares none.
 *                     {@code s3://{bucket}/...} names the environment's own data bucket
 * @param schedule     a clock dataset: its partitions are ticks of a cron schedule, published by the tracker
 * @param fileArrival  an external dataset fed by S3 object-created notifications instead of events
 */
public record DatasetSpec(
        String name,
        String owner,
        String description,
        List<Dimension> partitioning,
        SchemaContract schema,
        Boolean external,
        List<String> locations,
        ScheduleSpec schedule,
        FileArrivalSpec fileArrival) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        partitioning = partitioning == null ? List.of() : List.copyOf(partitioning);
        external = external != null && external;
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /** True when an upstream team, not a Sluice job, publishes the dataset (or the tracker's clock: a schedule). */
    public boolean isExternal() {
        return external || schedule != null;
    }

    /** The S3 objects whose arrival publishes this (external) dataset. */
    public Optional<FileArrivalSpec> fileArrivalSpec() {
        return Optional.ofNullable(fileArrival);
    }

    /** The clock of a schedule dataset, which only the tracker publishes. */
    public Optional<ScheduleSpec> scheduleSpec() {
        return Optional.ofNullable(schedule);
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
