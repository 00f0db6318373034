package dev.sluice.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.stage.DynamoDbReleaseLedger;
import dev.sluice.runtime.stage.ReleaseLedger;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.tracker.TestTopology;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stages' read of the releases table ({@link DynamoDbReleaseLedger}, in service-runtime) agrees with what the
 * tracker's store writes: the two sides of the work-event check share only the table's layout, so this test pins it.
 */
@AwsIntegrationTest
class ReleaseLedgerAgreementIT {
    private final AwsClients clients;

    ReleaseLedgerAgreementIT(AwsClients clients) {
        this.clients = clients;
    }

    @Test
    void theStagesReadTheReleaseTheTrackerWrote() {
        Topology topology = TestTopology.provision(clients, TestTopology.fixtureSpecs(), "ledgerit");
        DynamoDbTrackerStore store = TestTopology.store(clients, topology);
        ReleaseLedger ledger = new DynamoDbReleaseLedger(clients.dynamoDb(), topology.table(TableRole.RELEASES).name());
        Partition q = Partition.of("date", "2026-11-20");
        Instant now = Instant.now();

        ReleaseRecord waiting = store.compareAndSet(ReleaseRecord.waiting("enrich", q, now, null), 0).orElseThrow();
        assertThat(ledger.current("enrich", q)).as("a waiting partition has no release").isEmpty();
        assertThat(ledger.current("enrich", Partition.of("date", "2026-11-21"))).isEmpty();

        ReleaseRecord first = store.compareAndSet(waiting.nextGeneration("run-1", "sha256:" + "1".repeat(64), List.of(), List.of(),
                JobReleased.Reason.ALL_INPUTS_READY, "sha256:" + "d".repeat(64), now, now.plusSeconds(30)), waiting.revision()).orElseThrow();
        assertThat(ledger.current("enrich", q)).contains(new ReleaseLedger.Release("run-1", 1, "sha256:" + "1".repeat(64)));

        ReleaseRecord published = store.compareAndSet(first.withState(ReleaseRecord.State.PUBLISHED).withLeaseUntil(null),
                first.revision()).orElseThrow();
        store.compareAndSet(published.nextGeneration("run-2", "sha256:" + "2".repeat(64), List.of(), List.of(),
                JobReleased.Reason.ALL_INPUTS_READY, "sha256:" + "d".repeat(64), now, now.plusSeconds(30)), published.revision()).orElseThrow();
        assertThat(ledger.current("enrich", q)).contains(new ReleaseLedger.Release("run-2", 2, "sha256:" + "2".repeat(64)));
    }
}
