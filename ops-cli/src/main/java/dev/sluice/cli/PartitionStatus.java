package dev.sluice.cli;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.tracker.core.TrackerOperations;
import dev.sluice.tracker.core.WaitingReport;
import dev.sluice.tracker.store.ReleaseRecord;
import java.util.List;
import java.util.Optional;

/**
 * How one job partition stands: waiting (on which inputs, late or not), released (no run recorded yet), running
 * (which stage), succeeded or failed. What {@code sluice status} prints and what the ops console's grid shows.
 *
 * @param release the tracker's record of the partition
 * @param state   the state
 * @param missing the inputs it waits on (WAITING), else empty
 * @param late    whether it waits past its deadline (an alert was raised)
 * @param run     the run of its current generation, if recorded
 * @param stages  the run's stages so far
 */
public record PartitionStatus(ReleaseRecord release, State state, List<DatasetPartition> missing, boolean late, Optional<RunRecord> run,
                              List<StageRecord> stages) {

    /** A partition's state, in the words the CLI prints. */
    public enum State {
        WAITING, RELEASED, RUNNING, SUCCEEDED, FAILED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The status of the partition of {@code release}: reads the tracker for a waiting one, the runs table otherwise. */
    public static PartitionStatus of(TrackerOperations tracker, RunStore runs, ReleaseRecord r) {
        if (r.state() == ReleaseRecord.State.WAITING) {
            WaitingReport report = tracker.waitingOn(r.job(), r.partition());
            List<DatasetPartition> missing = report.missing().stream().map(i -> new DatasetPartition(i.dataset(), i.partition())).toList();
            return new PartitionStatus(r, State.WAITING, missing, r.alertedAt() != null, Optional.empty(), List.of());
        }
        Optional<RunRecord> run = runs.run(r.runId());
        if (run.isEmpty()) {
            return new PartitionStatus(r, State.RELEASED, List.of(), false, run, List.of());
        }
        State state = switch (run.get().state()) {
            case SUCCEEDED -> State.SUCCEEDED;
            case FAILED -> State.FAILED;
            case RUNNING -> State.RUNNING;
        };
        return new PartitionStatus(r, state, List.of(), false, run, state == State.RUNNING ? runs.stagesOf(r.runId()) : List.of());
    }

    /** The one-line detail {@code sluice status} prints after the state. */
    public String detail() {
        ReleaseRecord r = release;
        if (state == State.WAITING) {
            List<String> names = missing.stream().map(i -> i.dataset() + "[" + i.partition().key() + "]").toList();
            String lateText = r.alertedAt() != null ? " (LATE since " + r.deadlineAt() + ")" : r.deadlineAt() != null ? " (deadline " + r.deadlineAt() + ")" : "";
            return "on " + String.join(", ", names) + lateText;
        }
        String gen = "gen " + r.generation() + " run " + r.runId();
        if (run.isEmpty()) {
            return gen + (r.missing().isEmpty() ? "" : " without " + r.missing().size() + " input(s)");
        }
        RunRecord rr = run.get();
        return switch (state) {
            case SUCCEEDED -> gen + ": " + rr.outputs().stream()
                    .map(o -> o.dataset() + " v" + o.version() + " " + o.rowCount() + " rows " + o.manifest()).toList();
            case FAILED -> gen + ": " + rr.error();
            default -> gen + ": " + currentStage();
        };
    }

    /** The running stage and its attempt, or {@code queued} before the first stage record. */
    public String currentStage() {
        return stages.isEmpty() ? "queued" : stages.getLast().stage().wireName() + " " + stages.getLast().state().name().toLowerCase()
                + " (attempt " + stages.getLast().attempt() + ")";
    }
}
