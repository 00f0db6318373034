package dev.sluice.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.tracker.store.ReleaseRecord.State;
import dev.sluice.tracker.store.TrackerStore.RecordOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every {@link TrackerStore}: the in-memory twin and DynamoDB pass the same tests. */
public abstract class TrackerStoreContract {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    protected TrackerStore store;
    /** Unique names per test, so tests may share one table. */
    protected String ds;
    protected String job;

    protected abstract TrackerStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ds = "ds_" + suffix;
        job = "job_" + suffix;
    }

    DatasetVersion version(String date, long v) {
        return new DatasetVersion(ds, Partition.of("date", date), v, URI.create("s3://b/" + ds + "/" + date + "/v" + v), null, "sha256:f", "evt-" + v, T0);
    }

    @Test
    void versionsAreMonotonic() {
        assertThat(store.recordVersion(version("2026-11-20", 2))).isEqualTo(RecordOutcome.APPLIED);
        assertThat(store.recordVersion(version("2026-11-20", 2))).isEqualTo(RecordOutcome.DUPLICATE);
        assertThat(store.recordVersion(version("2026-11-20", 1))).isEqualTo(RecordOutcome.STALE);
        assertThat(store.recordVersion(version("2026-11-20", 3))).isEqualTo(RecordOutcome.APPLIED);
        DatasetPartition key = new DatasetPartition(ds, Partition.of("date", "2026-11-20"));
        assertThat(store.versions(List.of(key)).get(key).version()).isEqualTo(3);
        assertThat(store.versions(List.of(key)).get(key).location()).isEqualTo(URI.create("s3://b/" + ds + "/2026-11-20/v3"));
    }

    @Test
    void versionsReadsPresentKeysOnly() {
        store.recordVersion(version("2026-11-20", 1));
        store.recordVersion(version("2026-11-21", 1));
        DatasetPartition present = new DatasetPartition(ds, Partition.of("date", "2026-11-21"));
        DatasetPartition absent = new DatasetPartition(ds, Partition.of("date", "2026-11-22"));
        assertThat(store.versions(List.of(present, absent))).containsOnlyKeys(present);
        assertThat(store.versionsOf(ds)).extracting(v -> v.partition().key()).containsExactly("date=2026-11-20", "date=2026-11-21");
    }

    @Test
    void compareAndSetLetsExactlyOneWriterWin() {
        Partition q = Partition.of("date", "2026-11-20");
        ReleaseRecord waiting = ReleaseRecord.waiting(job, q, T0, T0.plusSeconds(3600));
        ReleaseRecord created = store.compareAndSet(waiting, 0).orElseThrow();
        assertThat(created.revision()).isEqualTo(1);
        assertThat(store.compareAndSet(waiting, 0)).as("a second create loses").isEmpty();

        ReleaseRecord release = released(q, 1, "run-1", "h1");
        assertThat(store.compareAndSet(release, 1)).map(ReleaseRecord::revision).contains(2L);
        assertThat(store.compareAndSet(released(q, 1, "run-x", "hx"), 1)).as("stale revision loses").isEmpty();

        ReleaseRecord stored = store.release(job, q).orElseThrow();
        assertThat(stored).isEqualTo(release.withRevision(2));
        assertThat(stored.inputs()).extracting(InputVersion::version).containsExactly(7L);
        assertThat(stored.missing()).extracting(DatasetPartition::dataset).containsExactly("other");
    }

    @Test
    void releasesOfAJobAreListedInPartitionOrder() {
        store.compareAndSet(ReleaseRecord.waiting(job, Partition.of("date", "2026-11-21"), T0, null), 0);
        store.compareAndSet(ReleaseRecord.waiting(job, Partition.of("date", "2026-11-20"), T0, null), 0);
        store.compareAndSet(ReleaseRecord.waiting("other_" + job, Partition.of("date", "2026-11-20"), T0, null), 0);
        assertThat(store.releasesOf(job)).extracting(r -> r.partition().key()).containsExactly("date=2026-11-20", "date=2026-11-21");
        assertThat(store.release(job, Partition.of("date", "2026-11-22"))).isEmpty();
    }

    @Test
    void releasesAreReadInOneBatch() {
        Partition d1 = Partition.of("date", "2026-11-01");
        Partition d2 = Partition.of("date", "2026-11-02");
        store.compareAndSet(ReleaseRecord.waiting(job, d1, T0, null), 0);
        var keys = new java.util.ArrayList<JobPartition>();
        keys.add(new JobPartition(job, d1));
        keys.add(new JobPartition(job, d2));
        for (int i = 0; i < 150; i++) { // more than one BatchGetItem's worth of keys
            keys.add(new JobPartition(job, Partition.of("date", java.time.LocalDate.parse("2027-01-01").plusDays(i).toString())));
        }
        var found = store.releases(keys);
        assertThat(found).containsOnlyKeys(new JobPartition(job, d1));
        assertThat(found.get(new JobPartition(job, d1)).state()).isEqualTo(State.WAITING);
    }

    @Test
    void overdueFindsWaitingRecordsPastTheirDeadlineNotYetAlerted() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z"); // far ahead of other tests' deadlines
        Partition late = Partition.of("date", "2026-11-18");
        Partition alerted = Partition.of("date", "2026-11-19");
        Partition future = Partition.of("date", "2026-11-20");
        Partition releasedLate = Partition.of("date", "2026-11-21");
        store.compareAndSet(ReleaseRecord.waiting(job, late, T0, now.minusSeconds(60)), 0);
        store.compareAndSet(ReleaseRecord.waiting(job, alerted, T0, now.minusSeconds(60)).withAlertedAt(now.minusSeconds(30)), 0);
        store.compareAndSet(ReleaseRecord.waiting(job, future, T0, now.plusSeconds(60)), 0);
        ReleaseRecord w = store.compareAndSet(ReleaseRecord.waiting(job, releasedLate, T0, now.minusSeconds(60)), 0).orElseThrow();
        store.compareAndSet(released(releasedLate, 1, "run-1", "h"), w.revision());

        assertThat(store.overdue(now)).filteredOn(r -> r.job().equals(job))
                .extracting(r -> r.partition().key()).containsExactly("date=2026-11-18");
    }

    private ReleaseRecord released(Partition q, int generation, String runId, String hash) {
        return new ReleaseRecord(job, q, State.PUBLISHED, generation, runId, hash,
                List.of(new InputVersion(ds, q, 7, URI.create("s3://b/x"), null)),
                List.of(new DatasetPartition("other", q)),
                JobReleased.Reason.DEADLINE, "sha256:" + "0".repeat(64), T0, T0.plusSeconds(5), T0.plusSeconds(3600), null, null, 0);
    }
}
