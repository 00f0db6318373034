package dev.sluice.runtime.stage;

import dev.sluice.contracts.JobReleased;
import dev.sluice.runtime.messaging.PoisonMessageException;
import java.util.Objects;

/**
 * Checks a {@code job-released} against the tracker's release before a stage does any work, so that only the
 * tracker can start a run (deny by default):
 * <ul>
 *   <li>no release of that job partition: refused;</li>
 *   <li>the current generation: its runId and inputs hash must be the release's, else refused;</li>
 *   <li>a generation ahead of the release: refused (the tracker writes before it publishes, so it cannot be genuine);</li>
 *   <li>an older generation: {@link Verdict#SUPERSEDED}, acknowledged without work, since a newer release of the same
 *       partition exists and will publish the partition's outputs.</li>
 * </ul>
 */
public final class ReleaseCheck {
    /** What to do with a job-released. */
    public enum Verdict { CURRENT, SUPERSEDED }

    private final ReleaseLedger ledger;

    public ReleaseCheck(ReleaseLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** @throws PoisonMessageException naming the field and value that do not match the tracker's release */
    public Verdict check(JobReleased released) {
        String what = "job-released of " + released.job() + " " + released.partition().key();
        ReleaseLedger.Release current = ledger.current(released.job(), released.partition()).orElseThrow(() ->
                new PoisonMessageException(what + " refused: data.runId: '" + released.runId()
                        + "': the tracker never released this job partition"));
        if (released.generation() > current.generation()) {
            throw new PoisonMessageException(what + " refused: data.generation: " + released.generation()
                    + " is ahead of the tracker's release, generation " + current.generation());
        }
        if (released.generation() < current.generation()) {
            return Verdict.SUPERSEDED;
        }
        if (!released.runId().equals(current.runId())) {
            throw new PoisonMessageException(what + " refused: data.runId: '" + released.runId() + "' is not the run of generation "
                    + current.generation() + " ('" + current.runId() + "')");
        }
        if (!Objects.equals(released.inputsHash(), current.inputsHash())) {
            throw new PoisonMessageException(what + " refused: data.inputsHash: '" + released.inputsHash()
                    + "' is not the inputs hash the tracker released ('" + current.inputsHash() + "')");
        }
        return Verdict.CURRENT;
    }
}
