package dev.sluice.runtime.stage;

import dev.sluice.contracts.Stage;
import java.util.List;
import java.util.Optional;

/**
 * The runs table behind a narrow interface: {@link InMemoryRunStore} for unit tests,
 * {@link DynamoDbRunStore} in production; one contract test runs against both.
 */
public interface RunStore {
    /** Creates the run record if absent; returns the stored one either way. */
    RunRecord createRun(RunRecord run);

    Optional<RunRecord> run(String runId);

    /**
     * Writes {@code run} unless the stored run has {@link RunRecord.State#SUCCEEDED succeeded}: a succeeded run is final,
     * so a slower or stale attempt can never turn it back to {@code FAILED} or {@code RUNNING}. A {@code FAILED} run may
     * still succeed (a redrive runs it again). The check and the write are one conditional write.
     *
     * @return whether {@code run} was written
     */
    boolean updateRun(RunRecord run);

    Optional<StageRecord> stage(String runId, Stage stage);

    /** Writes {@code record} if the stored revision is {@code expectedRevision} (0: none stored). */
    Optional<StageRecord> compareAndSet(StageRecord record, long expectedRevision);

    /** Every stage record of a run, in stage order. */
    List<StageRecord> stagesOf(String runId);

    /** The runs of a job, newest partition first, then newest generation. */
    List<RunRecord> runsOf(String job, int limit);
}
