package dev.sluice.loader.s3;

import dev.sluice.contracts.Partition;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The CURRENT pointer of each dataset partition: which generation (version) readers follow, and its manifest. The
 * pointer only moves forward: {@link #advance} applies only when no version is stored or the stored one is older,
 * the same condition the dependency tracker uses on the same table, so the loader's write and the tracker's later
 * record of the same data-ready agree (the tracker then sees a duplicate and carries on).
 *
 * <p>Implementations: {@link DynamoDbDatasetVersionStore} (the {@code dataset-versions} table),
 * {@link InMemoryDatasetVersionStore} (its twin for unit tests), and {@link ManifestListingVersionStore} (for extra
 * S3 copies: the greatest manifest is current).
 */
public interface DatasetVersionStore {

    /** The current version of a partition, read consistently; empty when none was published. */
    Optional<CurrentVersion> current(String dataset, Partition partition);

    /** Moves the pointer to {@code pointer} if the partition has no version or an older one. */
    Advance advance(DatasetPointer pointer);

    /** A version to make current. */
    record DatasetPointer(String dataset, Partition partition, long version, URI manifest, URI location,
            String fingerprint, String runId, String job, long rowCount, long bytes, Instant recordedAt) {
        public DatasetPointer {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(manifest, "manifest");
            if (version < 1) {
                throw new IllegalArgumentException("version must be at least 1, got " + version);
            }
        }

        public CurrentVersion asCurrent() {
            return new CurrentVersion(version, manifest, location, fingerprint, runId);
        }
    }

    /** What a partition's pointer holds. */
    record CurrentVersion(long version, URI manifest, URI location, String fingerprint, String runId) {
    }

    /** The outcome of {@link #advance}, with what is current afterwards. */
    record Advance(Outcome outcome, CurrentVersion current) {
        public Advance {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** How an advance ended. */
    enum Outcome {
        /** The pointer moved to the new version. */
        APPLIED,
        /** The pointer already held this version: nothing changed. */
        SAME_VERSION,
        /** The pointer holds a newer version: nothing changed, the caller is superseded. */
        NEWER_PRESENT
    }
}
