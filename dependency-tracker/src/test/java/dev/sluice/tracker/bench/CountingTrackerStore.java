package dev.sluice.tracker.bench;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.Partition;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.JobPartition;
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.TrackerStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the DynamoDB requests a {@link dev.sluice.tracker.store.DynamoDbTrackerStore} makes (one per call; BatchGet per 100 keys). */
final class CountingTrackerStore implements TrackerStore {
    final AtomicLong calls = new AtomicLong();
    private final TrackerStore delegate;

    CountingTrackerStore(TrackerStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public RecordOutcome recordVersion(DatasetVersion version) {
        calls.incrementAndGet();
        return delegate.recordVersion(version);
    }

    @Override
    public Map<DatasetPartition, DatasetVersion> versions(Collection<DatasetPartition> keys) {
        calls.addAndGet(Math.max(1, (keys.size() + 99) / 100));
        return delegate.versions(keys);
    }

    @Override
    public List<DatasetVersion> versionsOf(String dataset) {
        calls.incrementAndGet();
        return delegate.versionsOf(dataset);
    }

    @Override
    public Optional<ReleaseRecord> release(String job, Partition partition) {
        calls.incrementAndGet();
        return delegate.release(job, partition);
    }

    @Override
    public Map<JobPartition, ReleaseRecord> releases(Collection<JobPartition> keys) {
        calls.addAndGet(Math.max(1, (keys.size() + 99) / 100));
        return delegate.releases(keys);
    }

    @Override
    public Optional<ReleaseRecord> compareAndSet(ReleaseRecord record, long expectedRevision) {
        calls.incrementAndGet();
        return delegate.compareAndSet(record, expectedRevision);
    }

    @Override
    public List<ReleaseRecord> releasesOf(String job) {
        calls.incrementAndGet();
        return delegate.releasesOf(job);
    }

    @Override
    public List<ReleaseRecord> overdue(Instant now) {
        calls.incrementAndGet();
        return delegate.overdue(now);
    }

    @Override
    public List<ReleaseRecord> leaseExpired(java.time.Instant now) {
        return delegate.leaseExpired(now);
    }
}
