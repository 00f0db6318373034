package dev.sluice.tracker.store;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The newest version recorded for one partition of a dataset.
 *
 * @param fingerprint the schema fingerprint the version was published with
 * @param eventId     the id of the data-ready event that announced it
 */
public record DatasetVersion(String dataset, Partition partition, long version, URI location, URI manifest,
                             String fingerprint, String eventId, Instant recordedAt) {
    public DatasetVersion {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(partition, "partition");
    }

    public static DatasetVersion of(DataReady ready, String eventId, Instant now) {
        return new DatasetVersion(ready.dataset(), ready.partition(), ready.version(), ready.location(), ready.manifest(),
                ready.schema().fingerprint(), eventId, now);
    }

    public InputVersion toInput() {
        return new InputVersion(dataset, partition, version, location, manifest);
    }

    /** The dataset partition this is the version of: its key in the store. */
    public DatasetPartition datasetPartition() {
        return new DatasetPartition(dataset, partition);
    }
}
