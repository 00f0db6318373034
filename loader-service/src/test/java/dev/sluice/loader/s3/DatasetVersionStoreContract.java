package dev.sluice.loader.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Partition;
import dev.sluice.loader.s3.DatasetVersionStore.Advance;
import dev.sluice.loader.s3.DatasetVersionStore.DatasetPointer;
import dev.sluice.loader.s3.DatasetVersionStore.Outcome;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link DatasetVersionStore} does; run against the in-memory twin and DynamoDB. */
public abstract class DatasetVersionStoreContract {

    static final Partition DAY = Partition.of("date", "2026-11-20");

    protected abstract DatasetVersionStore store();

    static DatasetPointer pointer(String dataset, long version, String runId) {
        return new DatasetPointer(dataset, DAY, version, URI.create("s3://b/datasets/" + dataset + "/date=2026-11-20/_manifests/"
                + String.format("%010d", version) + "-" + runId + ".json"), URI.create("s3://b/datasets/" + dataset
                + "/date=2026-11-20/run=" + runId + "/"), "sha256:" + "c".repeat(64), runId, "job", 3, 300, Instant.parse("2026-11-21T06:00:00Z"));
    }

    @Test
    void thePointerOnlyMovesForward() {
        DatasetVersionStore store = store();
        assertThat(store.current("facts", DAY)).isEmpty();

        Advance first = store.advance(pointer("facts", 2, "run-2"));
        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(store.current("facts", DAY)).hasValueSatisfying(c -> {
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.runId()).isEqualTo("run-2");
            assertThat(c.manifest()).hasToString("s3://b/datasets/facts/date=2026-11-20/_manifests/0000000002-run-2.json");
            assertThat(c.location()).hasToString("s3://b/datasets/facts/date=2026-11-20/run=run-2/");
            assertThat(c.fingerprint()).isEqualTo("sha256:" + "c".repeat(64));
        });

        Advance again = store.advance(pointer("facts", 2, "run-2"));
        assertThat(again.outcome()).isEqualTo(Outcome.SAME_VERSION);
        assertThat(again.current().version()).isEqualTo(2);

        Advance older = store.advance(pointer("facts", 1, "run-1"));
        assertThat(older.outcome()).isEqualTo(Outcome.NEWER_PRESENT);
        assertThat(older.current().version()).isEqualTo(2);
        assertThat(older.current().runId()).isEqualTo("run-2");
        assertThat(store.current("facts", DAY)).map(DatasetVersionStore.CurrentVersion::version).contains(2L);

        assertThat(store.advance(pointer("facts", 3, "run-3")).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(store.current("facts", DAY)).map(DatasetVersionStore.CurrentVersion::runId).contains("run-3");
        assertThat(store.current("other", DAY)).as("pointers are per dataset").isEmpty();
    }
}
