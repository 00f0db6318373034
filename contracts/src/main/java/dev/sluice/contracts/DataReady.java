package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.required;

import java.net.URI;

/**
 * {@code sluice.data-ready}: a new version of one partition of a dataset is ready to read.
 *
 * @param version  grows strictly per (dataset, partition); an equal or older version is a duplicate
 * @param location URI of the data; this or {@code manifest} (or both) is set
 * @param manifest URI of a manifest listing the data files
 * @param format   e.g. {@code parquet}, {@code csv}, {@code json}
 */
public record DataReady(
        String dataset,
        Partition partition,
        long version,
        @OptionalField URI location,
        @OptionalField URI manifest,
        String format,
        DatasetSchema schema,
        @OptionalField Long rowCount,
        @OptionalField Long bytes,
        Producer producer) implements EventData {

    /** The largest version: 2^53−1, the largest integer every language's JSON numbers hold exactly. */
    public static final long MAX_VERSION = (1L << 53) - 1;

    public DataReady {
        required(dataset, "dataset");
        required(partition, "partition");
        atLeast(version, 1, "version");
        ensure(version <= MAX_VERSION, "version must be <= " + MAX_VERSION + " (2^53-1), was " + version);
        ensure(location != null || manifest != null, "location or manifest is required");
        required(format, "format");
        required(schema, "schema");
        required(producer, "producer");
    }
}
