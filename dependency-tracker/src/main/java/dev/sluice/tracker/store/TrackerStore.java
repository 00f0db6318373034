package dev.sluice.tracker.store;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.Partition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracker's state, behind a narrow interface. {@link InMemoryTrackerStore} is the twin for unit
 * tests; {@link DynamoDbTrackerStore} is production. One contract test suite runs against both.
 *
 * <p>Every read is strongly consistent; every write is conditional.
 */
public interface TrackerStore {

    /** Outcome of {@link #recordVersion}. */
    enum RecordOutcome {
        /** The version is newer than the stored one (or the first): it is now current. */
        APPLIED,
        /** The same version was already recorded: a duplicate delivery. */
        DUPLICATE,
        /** An older version than the stored one: ignored. */
        STALE
    }

    /** Records {@code version} if it is newer than the stored version of its dataset partition. */
    RecordOutcome recordVersion(DatasetVersion version);

    /** The current versions of the given dataset partitions; absent ones are missing from the result. */
    Map<DatasetPartition, DatasetVersion> versions(Collection<DatasetPartition> keys);

    /** The partitions of a dataset, with their current versions (strongly consistent). */
    List<DatasetVersion> versionsOf(String dataset);

    Optional<ReleaseRecord> release(String job, Partition partition);

    /** The release records of many job partitions at once; absent ones are missing from the result. */
    Map<JobPartition, ReleaseRecord> releases(Collection<JobPartition> keys);

    /**
     * Writes {@code record} if the stored revision is {@code expectedRevision} (0: no record stored).
     * Returns the stored record (with its new revision), or empty when another writer got there first.
     */
    Optional<ReleaseRecord> compareAndSet(ReleaseRecord record, long expectedRevision);

    /** Every record of a job, in partition order (strongly consistent). */
    List<ReleaseRecord> releasesOf(String job);

    /** Waiting records whose deadline is at or before {@code now} and that were not yet alerted. */
    List<ReleaseRecord> overdue(Instant now);

    /**
     * {@code PUBLISHING} records whose publisher's lease ran out at or before {@code now} (or was given back
     * after a failed publish): releases the sweep must finish.
     */
    List<ReleaseRecord> leaseExpired(Instant now);
}
