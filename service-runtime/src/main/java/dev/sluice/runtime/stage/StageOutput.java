package dev.sluice.runtime.stage;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.StagedOutput;
import java.util.List;

/**
 * What a stage produced.
 *
 * @param outputs     staged data for the next stage
 * @param rowsIn      rows read
 * @param readyEvents data-ready events to publish once the stage is recorded (the load stage's outputs)
 * @param warnings    alerts to raise without failing (for example {@code warn} quality checks)
 * @param shadow      for a job in shadow mode, the comparison with the legacy output (recorded on the run); else null
 */
public record StageOutput(List<StagedOutput> outputs, long rowsIn, List<DataReady> readyEvents, List<Alert> warnings,
        ShadowResult shadow) {
    public StageOutput {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        readyEvents = readyEvents == null ? List.of() : List.copyOf(readyEvents);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public StageOutput(List<StagedOutput> outputs, long rowsIn, List<DataReady> readyEvents, List<Alert> warnings) {
        this(outputs, rowsIn, readyEvents, warnings, null);
    }

    public static StageOutput of(List<StagedOutput> outputs, long rowsIn) {
        return new StageOutput(outputs, rowsIn, List.of(), List.of());
    }

    /** Rows staged for the next stage, or, for the load stage, rows published. */
    public long rowsOut() {
        if (outputs.isEmpty()) {
            return readyEvents.stream().mapToLong(r -> r.rowCount() == null ? 0 : r.rowCount()).sum();
        }
        return outputs.stream().mapToLong(StagedOutput::rowCount).sum();
    }

    public long bytesOut() {
        return outputs.stream().mapToLong(StagedOutput::bytes).sum();
    }
}
