package dev.sluice.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.tracker.core.Decision;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named constructions of release records and decisions. */
class ReleaseRecordTest {
    static final Partition D20 = Partition.of("date", "2026-11-20");
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    static final Instant DEADLINE = Instant.parse("2026-11-21T06:00:00Z");
    static final List<InputVersion> INPUTS = List.of(new InputVersion("orders", D20, 3, URI.create("s3://b/orders/"), null));
    static final List<DatasetPartition> MISSING = List.of(new DatasetPartition("fx", D20));

    @Test
    void theFirstGenerationGrowsOutOfAWaitingRecord() {
        ReleaseRecord first = ReleaseRecord.waiting("convert", D20, T0, DEADLINE)
                .nextGeneration("run-1", "h1", INPUTS, MISSING, JobReleased.Reason.FORCED, "sha256:d", T0.plusSeconds(5), T0.plusSeconds(35));
        assertThat(first).isEqualTo(new ReleaseRecord("convert", D20, ReleaseRecord.State.PUBLISHING, 1, "run-1", "h1", INPUTS, MISSING,
                JobReleased.Reason.FORCED, "sha256:d", T0, T0.plusSeconds(5), DEADLINE, null, T0.plusSeconds(35), 0));
        assertThat(first.jobPartition()).isEqualTo(new JobPartition("convert", D20));
        assertThat(first.jobPartition().id()).isEqualTo("convert#date=2026-11-20");
    }

    @Test
    void aLaterGenerationKeepsThePartitionsHistory() {
        Instant alerted = DEADLINE.plusSeconds(60);
        ReleaseRecord published = ReleaseRecord.waiting("convert", D20, T0, DEADLINE).withAlertedAt(alerted)
                .nextGeneration("run-1", "h1", INPUTS, MISSING, JobReleased.Reason.DEADLINE, "sha256:d", DEADLINE, null)
                .withState(ReleaseRecord.State.PUBLISHED).withRevision(4);
        ReleaseRecord second = published.nextGeneration("run-2", "h2", INPUTS, List.of(), JobReleased.Reason.ALL_INPUTS_READY,
                "sha256:d", alerted.plusSeconds(60), alerted.plusSeconds(90));
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.state()).isEqualTo(ReleaseRecord.State.PUBLISHING);
        assertThat(second.firstSeenAt()).isEqualTo(T0);
        assertThat(second.deadlineAt()).isEqualTo(DEADLINE);
        assertThat(second.alertedAt()).isEqualTo(alerted);
        assertThat(second.missing()).isEmpty();
        assertThat(second.revision()).as("the store sets the revision on write").isZero();
    }

    @Test
    void decisionsNameTheirKindAndCarryTheRecordsRun() {
        ReleaseRecord release = ReleaseRecord.waiting("convert", D20, T0, DEADLINE)
                .nextGeneration("run-1", "h1", INPUTS, MISSING, JobReleased.Reason.FORCED, "sha256:d", T0, T0);
        assertThat(Decision.released(release))
                .isEqualTo(new Decision("convert", D20, Decision.Kind.RELEASED, "run-1", 1, MISSING));
        assertThat(Decision.republished(release).kind()).isEqualTo(Decision.Kind.REPUBLISHED);
        assertThat(Decision.alreadyReleased(release).kind()).isEqualTo(Decision.Kind.ALREADY_RELEASED);
        assertThat(Decision.republishDisabled(release).kind()).isEqualTo(Decision.Kind.REPUBLISH_DISABLED);
        assertThat(Decision.waiting("convert", D20, MISSING))
                .isEqualTo(new Decision("convert", D20, Decision.Kind.WAITING, null, 0, MISSING));
    }
}
