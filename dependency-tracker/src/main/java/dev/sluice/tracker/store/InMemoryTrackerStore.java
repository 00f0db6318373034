package dev.sluice.tracker.store;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.Partition;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory twin of {@link DynamoDbTrackerStore}, with the same conditional semantics. */
public final class InMemoryTrackerStore implements TrackerStore {
    private final Map<DatasetPartition, DatasetVersion> versions = new ConcurrentHashMap<>();
    private final Map<JobPartition, ReleaseRecord> releases = new ConcurrentHashMap<>();

    @Override
    public RecordOutcome recordVersion(DatasetVersion version) {
        RecordOutcome[] outcome = new RecordOutcome[1];
        versions.compute(version.datasetPartition(), (k, stored) -> {
            if (stored == null || version.version() > stored.version()) {
                outcome[0] = RecordOutcome.APPLIED;
                return version;
            }
            outcome[0] = version.version() == stored.version() ? RecordOutcome.DUPLICATE : RecordOutcome.STALE;
            return stored;
        });
        return outcome[0];
    }

    @Override
    public Map<DatasetPartition, DatasetVersion> versions(Collection<DatasetPartition> keys) {
        Map<DatasetPartition, DatasetVersion> out = new LinkedHashMap<>();
        for (DatasetPartition key : keys) {
            DatasetVersion v = versions.get(key);
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    @Override
    public List<DatasetVersion> versionsOf(String dataset) {
        return versions.values().stream().filter(v -> v.dataset().equals(dataset))
                .sorted(Comparator.comparing(v -> v.partition().key())).toList();
    }

    @Override
    public Optional<ReleaseRecord> release(String job, Partition partition) {
        return Optional.ofNullable(releases.get(new JobPartition(job, partition)));
    }

    @Override
    public Map<JobPartition, ReleaseRecord> releases(Collection<JobPartition> keys) {
        Map<JobPartition, ReleaseRecord> out = new LinkedHashMap<>();
        for (JobPartition k : keys) {
            ReleaseRecord r = releases.get(k);
            if (r != null) {
                out.put(k, r);
            }
        }
        return out;
    }

    @Override
    public Optional<ReleaseRecord> compareAndSet(ReleaseRecord record, long expectedRevision) {
        ReleaseRecord[] written = new ReleaseRecord[1];
        releases.compute(record.jobPartition(), (k, stored) -> {
            long storedRevision = stored == null ? 0 : stored.revision();
            if (storedRevision != expectedRevision) {
                return stored;
            }
            written[0] = record.withRevision(expectedRevision + 1);
            return written[0];
        });
        return Optional.ofNullable(written[0]);
    }

    @Override
    public List<ReleaseRecord> releasesOf(String job) {
        return releases.values().stream().filter(r -> r.job().equals(job))
                .sorted(Comparator.comparing(r -> r.partition().key())).toList();
    }

    @Override
    public List<ReleaseRecord> overdue(Instant now) {
        return releases.values().stream()
                .filter(ReleaseRecord::awaitingDeadline)
                .filter(r -> !r.deadlineAt().isAfter(now))
                .sorted(Comparator.comparing(ReleaseRecord::deadlineAt))
                .toList();
    }

    @Override
    public List<ReleaseRecord> leaseExpired(Instant now) {
        return releases.values().stream()
                .filter(r -> r.leaseExpired(now))
                .sorted(Comparator.comparing((ReleaseRecord r) -> r.job()).thenComparing(r -> r.partition().key()))
                .toList();
    }
}
