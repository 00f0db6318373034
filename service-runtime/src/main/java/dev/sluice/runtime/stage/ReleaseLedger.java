package dev.sluice.runtime.stage;

import dev.sluice.contracts.Partition;
import java.util.Optional;

/**
 * What a stage reads of the tracker's releases table: the current release of a job partition, to check a
 * {@code job-released} event against it before any work (see {@link ReleaseCheck}). Read-only: only the tracker writes
 * releases. {@link DynamoDbReleaseLedger} in production, {@link InMemoryReleaseLedger} in unit tests.
 */
public interface ReleaseLedger {

    /** The tracker's current release of {@code (job, partition)}: what a genuine job-released must match. */
    record Release(String runId, int generation, String inputsHash) {
    }

    /** The current release, read strongly consistent; empty when the tracker never released the partition. */
    Optional<Release> current(String job, Partition partition);
}
