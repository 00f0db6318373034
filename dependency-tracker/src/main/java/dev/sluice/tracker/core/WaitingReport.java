package dev.sluice.tracker.core;

import dev.sluice.contracts.Partition;
import dev.sluice.tracker.store.DatasetVersion;
import dev.sluice.tracker.store.ReleaseRecord;
import java.util.List;
import java.util.Optional;

/**
 * What a job partition waits on: every input partition it needs, with the version present or none.
 *
 * @param release the release record, if any input was ever seen or the job was released
 */
public record WaitingReport(String job, Partition partition, Optional<ReleaseRecord> release, List<Input> inputs) {

    /** One required input partition and its current version, if any. */
    public record Input(String dataset, Partition partition, Optional<DatasetVersion> version) {
        public boolean present() {
            return version.isPresent();
        }
    }

    public List<Input> missing() {
        return inputs.stream().filter(i -> !i.present()).toList();
    }
}
