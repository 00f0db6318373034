package dev.sluice.tracker.core;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.tracker.IngressPolicy;
import dev.sluice.tracker.MutableClock;
import dev.sluice.tracker.TestTopology;
import dev.sluice.tracker.store.ReleaseRecord;
import dev.sluice.tracker.store.TrackerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release semantics, run against every store: each mapping, re-publication, deadlines,
 * force-release and crash safety.
 */
public abstract class DependencyTrackerContract {
    protected static final PipelineSpecs SPECS = TestTopology.fixtureSpecs();
    static final Partition D20 = date("2026-11-20");

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    protected final InMemoryEventPublisher published = new InMemoryEventPublisher();
    protected DependencyTracker tracker;
    protected TrackerOperations operations;
    protected TrackerStore store;

    protected abstract TrackerStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        tracker = new DependencyTracker(SPECS, store, published, clock, TrackerOptions.DEFAULTS);
        operations = new TrackerOperations(tracker);
    }

    List<JobReleased> releases(String job) {
        return published.data(JobReleased.class).stream().filter(r -> r.job().equals(job)).toList();
    }

    @Test
    void sameAndLatestReleaseOnceWhenTheLastInputArrives() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("customers", D20, 1));
        assertThat(releases("enrich")).isEmpty();
        assertThat(operations.waitingOn("enrich", D20).missing()).extracting(WaitingReport.Input::dataset).containsExactly("blocklist");

        DependencyTracker.Outcome outcome = tracker.onDataReady(dataReady("blocklist", Partition.NONE, 4));

        assertThat(outcome.decisions()).extracting(Decision::kind).containsExactly(Decision.Kind.RELEASED);
        JobReleased r = releases("enrich").getFirst();
        assertThat(r.partition()).isEqualTo(D20);
        assertThat(r.generation()).isEqualTo(1);
        assertThat(r.reason()).isEqualTo(JobReleased.Reason.ALL_INPUTS_READY);
        assertThat(r.firstStage()).isEqualTo(Stage.EXTRACT);
        assertThat(r.specDigest()).isEqualTo(SPECS.digest(SPECS.job("enrich")));
        assertThat(r.inputs()).extracting(InputVersion::dataset, InputVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", 1L), org.assertj.core.groups.Tuple.tuple("customers", 1L),
                        org.assertj.core.groups.Tuple.tuple("blocklist", 4L));
        assertThat(published.published()).filteredOn(p -> p.event().data() instanceof JobReleased jr && jr.job().equals("enrich"))
                .singleElement().extracting(InMemoryEventPublisher.Published::attributes).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("stage", "extract").containsEntry("sizeClass", "small").containsEntry("job", "enrich");
        assertThat(store.release("enrich", D20)).map(ReleaseRecord::state).contains(ReleaseRecord.State.PUBLISHED);
    }

    @Test
    void duplicatesAndOlderVersionsReleaseNothing() {
        tracker.onDataReady(dataReady("fx", D20, 2));
        assertThat(releases("pin")).hasSize(1);
        DependencyTracker.Outcome duplicate = tracker.onDataReady(dataReady("fx", D20, 2));
        DependencyTracker.Outcome older = tracker.onDataReady(dataReady("fx", D20, 1));
        assertThat(duplicate.recorded()).isEqualTo(TrackerStore.RecordOutcome.DUPLICATE);
        assertThat(older.recorded()).isEqualTo(TrackerStore.RecordOutcome.STALE);
        assertThat(duplicate.decisions()).extracting(Decision::kind).contains(Decision.Kind.ALREADY_RELEASED);
        assertThat(releases("pin")).hasSize(1);
    }

    @Test
    void republicationReleasesANewGenerationUnlessTheJobOptsOut() {
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("fx", D20, 1)); // releases pin for the 20th
        JobReleased first = releases("convert").getFirst();

        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 2)); // convert(20) reads fx(19)
        tracker.onDataReady(dataReady("fx", D20, 2));                // pin opts out of re-releases

        assertThat(releases("convert")).hasSize(2);
        JobReleased second = releases("convert").get(1);
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(second.inputs()).filteredOn(i -> i.dataset().equals("fx")).extracting(InputVersion::version).containsExactly(2L);
        assertThat(second.inputsHash()).isNotEqualTo(first.inputsHash());
        assertThat(releases("pin")).extracting(JobReleased::partition, JobReleased::generation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(date("2026-11-19"), 1), org.assertj.core.groups.Tuple.tuple(D20, 1));
    }

    @Test
    void offsetNeedsThePreviousDay() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("fx", D20, 1)); // the same day's fx does not feed convert(20)
        assertThat(releases("convert")).isEmpty();
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        assertThat(releases("convert")).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(D20);
            assertThat(r.inputs()).extracting(i -> i.dataset() + "@" + i.partition().key())
                    .containsExactly("orders@date=2026-11-20", "fx@date=2026-11-19");
        });
    }

    @Test
    void windowNeedsEveryDayOfTheWindow() {
        tracker.onDataReady(dataReady("enriched", date("2026-11-18"), 1));
        tracker.onDataReady(dataReady("enriched", D20, 1));
        assertThat(releases("rollup")).isEmpty();
        tracker.onDataReady(dataReady("enriched", date("2026-11-19"), 1));
        assertThat(releases("rollup")).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(D20);
            assertThat(r.inputs()).hasSize(3);
        });
        assertThat(published.published().getLast().attributes()).containsEntry("sizeClass", "large").containsEntry("stage", "transform");
        // the 19th also feeds the windows ending on the 21st and 22nd, which still wait
        assertThat(operations.waitingOn("rollup", date("2026-11-21")).missing()).extracting(i -> i.partition().key())
                .containsExactly("date=2026-11-21");
    }

    @Test
    void multiDimensionInputNeedsEveryRegion() {
        tracker.onDataReady(dataReady("sales", Partition.of("date", "2026-11-20", "region", "eu"), 1));
        tracker.onDataReady(dataReady("sales", Partition.of("date", "2026-11-20", "region", "us"), 1));
        assertThat(releases("globalize")).isEmpty();
        tracker.onDataReady(dataReady("sales", Partition.of("date", "2026-11-20", "region", "apac"), 1));
        assertThat(releases("globalize")).singleElement()
                .satisfies(r -> assertThat(r.inputs()).extracting(i -> i.partition().dimensions().get("region"))
                        .containsExactlyInAnyOrder("eu", "us", "apac"));
    }

    @Test
    void badEventsAreRejectedWithTheFieldAndValue() {
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("sales", Partition.of("date", "2026-11-20", "region", "mars"), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.partition: partition value region=mars of dataset 'sales' is not one of the declared values [eu, us, apac]");
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("nope", D20, 1)))
                .hasMessage("data.dataset: unknown dataset 'nope': no spec declares it");
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("orders", Partition.of("day", "2026-11-20"), 1)))
                .hasMessage("data.partition: partition day=2026-11-20 of dataset 'orders' must have exactly the dimensions [date]");
    }

    @Test
    void deadlineRaisesOneAlertNamingTheMissingInputs() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T05:59:00Z"));
        assertThat(operations.sweepDeadlines()).noneMatch(d -> d.job().equals("enrich"));

        clock.set(Instant.parse("2026-11-21T06:00:00Z"));
        assertThat(operations.sweepDeadlines()).filteredOn(d -> d.job().equals("enrich")).hasSize(1);
        Alert alert = published.data(Alert.class).stream().filter(a -> a.job().equals("enrich")).findFirst().orElseThrow();
        assertThat(alert.kind()).isEqualTo(Alert.Kind.LATE_INPUT);
        assertThat(alert.partition()).isEqualTo(D20);
        assertThat(alert.missingInputs()).containsExactly(new DatasetPartition("customers", D20), new DatasetPartition("blocklist", Partition.NONE));
        assertThat(alert.message()).contains("customers[date=2026-11-20]").contains("blocklist[_]");

        clock.advance(Duration.ofHours(1));
        operations.sweepDeadlines();
        assertThat(published.data(Alert.class)).filteredOn(a -> a.job().equals("enrich")).hasSize(1);
        // the late inputs arrive: the job is released as usual
        tracker.onDataReady(dataReady("customers", D20, 1));
        tracker.onDataReady(dataReady("blocklist", Partition.NONE, 1));
        assertThat(releases("enrich")).hasSize(1);
    }

    @Test
    void deadlinePolicyMayReleaseWithTheInputsPresent() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T05:00:00Z")); // 06:00 in Berlin
        List<Decision> decisions = operations.sweepDeadlines();
        assertThat(decisions).filteredOn(d -> d.job().equals("partial_release")).extracting(Decision::kind)
                .containsExactly(Decision.Kind.RELEASED);
        JobReleased partial = releases("partial_release").getFirst();
        assertThat(partial.reason()).isEqualTo(JobReleased.Reason.DEADLINE);
        assertThat(partial.missingInputs()).containsExactly(new DatasetPartition("customers", D20));
        assertThat(partial.inputs()).extracting(InputVersion::dataset).containsExactly("orders");

        tracker.onDataReady(dataReady("customers", D20, 1)); // the late input: a complete generation follows
        JobReleased complete = releases("partial_release").get(1);
        assertThat(complete.generation()).isEqualTo(2);
        assertThat(complete.reason()).isEqualTo(JobReleased.Reason.ALL_INPUTS_READY);
        assertThat(complete.missingInputs()).isEmpty();
    }

    @Test
    void forceReleaseReleasesARangeAsNewGenerations() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        assertThat(releases("convert")).hasSize(1);

        List<Partition> range = operations.partitionRange("convert", date("2026-11-19"), D20);
        assertThat(range).containsExactly(date("2026-11-19"), D20);
        List<Decision> decisions = operations.forceRelease("convert", range, "backfill-1");

        assertThat(decisions).extracting(Decision::kind).containsOnly(Decision.Kind.RELEASED);
        assertThat(releases("convert")).extracting(JobReleased::partition, JobReleased::generation, JobReleased::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(D20, 1, JobReleased.Reason.ALL_INPUTS_READY),
                        org.assertj.core.groups.Tuple.tuple(date("2026-11-19"), 1, JobReleased.Reason.FORCED),
                        org.assertj.core.groups.Tuple.tuple(D20, 2, JobReleased.Reason.FORCED));
        assertThat(releases("convert").get(1).missingInputs())
                .containsExactly(new DatasetPartition("orders", date("2026-11-19")), new DatasetPartition("fx", date("2026-11-18")));
        assertThatThrownBy(() -> operations.partitionRange("convert", D20, date("2026-11-19")))
                .hasMessage("range end 2026-11-19 is before its start 2026-11-20");
    }

    @Test
    void operationsRefuseAPartitionOfAnotherShapeAndChangeNothing() {
        Partition wrong = Partition.of("day", "2026-11-20");
        assertThatThrownBy(() -> operations.forceRelease("convert", List.of(D20, wrong), "backfill-bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition day=2026-11-20 of dataset 'converted' must have exactly the dimensions [date]");
        assertThatThrownBy(() -> operations.partitionRange("convert", D20, Partition.of("date", "20261121")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition value date=20261121 is not an ISO date (yyyy-mm-dd)");
        assertThat(operations.releasesOf("convert")).as("no partition of the batch was released").isEmpty();
        assertThat(published.data(JobReleased.class)).isEmpty();
    }

    @Test
    void operationsListAJobsReleaseRecords() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        assertThat(operations.releasesOf("convert")).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(D20);
            assertThat(r.state()).isEqualTo(ReleaseRecord.State.PUBLISHED);
            assertThat(r.generation()).isEqualTo(1);
        });
    }

    @Test
    void aFailedPublishIsRetriedWithTheSameRunId() {
        published.failWhen(e -> true);
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", D20, 1))).hasMessageContaining("injected publish failure");
        ReleaseRecord recorded = store.release("pin", D20).orElseThrow();
        assertThat(recorded.state()).isEqualTo(ReleaseRecord.State.PUBLISHING);

        published.failWhen(e -> false);
        DependencyTracker.Outcome redelivery = tracker.onDataReady(dataReady("fx", D20, 1));

        assertThat(redelivery.decisions()).extracting(Decision::kind).contains(Decision.Kind.REPUBLISHED);
        assertThat(releases("pin")).singleElement().extracting(JobReleased::runId).isEqualTo(recorded.runId());
        tracker.onDataReady(dataReady("fx", D20, 1)); // and once published, never again
        assertThat(releases("pin")).hasSize(1);
    }

    @Test
    void aNewerInputSetWaitsForAReleaseInFlight() {
        published.failWhen(e -> true);
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", D20, 1)));
        ReleaseRecord inFlight = store.release("pin", D20).orElseThrow();
        store.compareAndSet(inFlight.withLeaseUntil(clock.instant().plusSeconds(30)), inFlight.revision());
        published.failWhen(e -> false);
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", D20, 2)))
                .as("a different input set must not be dropped behind a release in flight")
                .isInstanceOf(ReleaseInProgressException.class).hasMessageContaining("is being published");
    }

    @Test
    void aCrashAfterTheWriteRepublishesTheSameRunIdAfterTheLease() {
        published.failWhen(e -> true);
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", D20, 1)));
        // The process died before it could give its lease back: emulate by taking the lease again.
        ReleaseRecord crashed = store.release("pin", D20).orElseThrow();
        store.compareAndSet(crashed.withLeaseUntil(clock.instant().plus(TrackerOptions.DEFAULTS.publishLease())), crashed.revision());
        published.failWhen(e -> false);

        // A duplicate delivery while the lease is live is acknowledged: the crashed handler never
        // acknowledged its own message, which SQS redelivers after the visibility timeout (> lease).
        assertThat(tracker.onDataReady(dataReady("fx", D20, 1)).decisions())
                .filteredOn(d -> d.job().equals("pin")).extracting(Decision::kind).containsExactly(Decision.Kind.ALREADY_RELEASED);
        assertThat(releases("pin")).isEmpty();

        clock.advance(TrackerOptions.DEFAULTS.publishLease().plusSeconds(1)); // the redelivery of the crashed message
        tracker.onDataReady(dataReady("fx", D20, 1));
        assertThat(releases("pin")).singleElement().extracting(JobReleased::runId).isEqualTo(crashed.runId());
        assertThat(store.release("pin", D20)).map(ReleaseRecord::state).contains(ReleaseRecord.State.PUBLISHED);
    }

    // ---- recovery paths ---------------------------------------------------------------------------

    /** Lets a partition's lease run out, as after a crash between the release write and its publish. */
    private void expireLease() {
        clock.advance(TrackerOptions.DEFAULTS.publishLease().plusSeconds(1));
    }

    @Test
    void aTakeoverAfterAFailedPartialReleaseAlsoReleasesTheCompleteInputs() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T05:00:00Z")); // partial_release's deadline (06:00 Berlin)
        published.failWhen(e -> e.data() instanceof JobReleased r && r.job().equals("partial_release"));
        assertThatThrownBy(() -> operations.sweepDeadlines()).hasMessageContaining("partial_release");
        ReleaseRecord partial = store.release("partial_release", D20).orElseThrow();
        assertThat(partial.state()).isEqualTo(ReleaseRecord.State.PUBLISHING);
        published.failWhen(e -> false);
        expireLease();

        tracker.onDataReady(dataReady("customers", D20, 1)); // the late input, after the lease ran out

        assertThat(releases("partial_release")).extracting(JobReleased::generation, JobReleased::runId, JobReleased::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, partial.runId(), JobReleased.Reason.DEADLINE),
                        org.assertj.core.groups.Tuple.tuple(2, releases("partial_release").get(1).runId(), JobReleased.Reason.ALL_INPUTS_READY));
        assertThat(releases("partial_release").get(1).missingInputs()).isEmpty();
        assertThat(store.release("partial_release", D20)).map(ReleaseRecord::state).contains(ReleaseRecord.State.PUBLISHED);
    }

    @Test
    void theSweepFinishesAPublishWhoseLeaseExpired() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        published.failWhen(e -> e.data() instanceof JobReleased);
        assertThatThrownBy(() -> operations.forceRelease("convert", List.of(D20), "backfill-1"));
        ReleaseRecord forced = store.release("convert", D20).orElseThrow();
        assertThat(forced.state()).isEqualTo(ReleaseRecord.State.PUBLISHING);
        // The backfill died before it could give its lease back: emulate by taking the lease again.
        store.compareAndSet(forced.withLeaseUntil(clock.instant().plus(TrackerOptions.DEFAULTS.publishLease())), forced.revision());
        published.failWhen(e -> false);

        assertThat(operations.sweepDeadlines()).as("the lease is still live").noneMatch(d -> d.job().equals("convert"));
        expireLease();
        assertThat(operations.sweepDeadlines()).filteredOn(d -> d.job().equals("convert"))
                .extracting(Decision::kind).containsExactly(Decision.Kind.REPUBLISHED);

        assertThat(releases("convert")).extracting(JobReleased::generation, JobReleased::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, JobReleased.Reason.ALL_INPUTS_READY),
                        org.assertj.core.groups.Tuple.tuple(2, JobReleased.Reason.FORCED));
        assertThat(releases("convert").get(1).runId()).isEqualTo(forced.runId());
        assertThat(store.release("convert", D20)).map(ReleaseRecord::state).contains(ReleaseRecord.State.PUBLISHED);
    }

    @Test
    void aNewerInputSetBehindACrashedPublishIsReleasedAfterTheTakeover() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        published.failWhen(e -> e.data() instanceof JobReleased);
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1)));
        ReleaseRecord crashed = store.release("convert", D20).orElseThrow();
        store.compareAndSet(crashed.withLeaseUntil(clock.instant().plus(TrackerOptions.DEFAULTS.publishLease())), crashed.revision());
        published.failWhen(e -> false);

        assertThatThrownBy(() -> tracker.onDataReady(dataReady("fx", date("2026-11-19"), 2)))
                .isInstanceOfSatisfying(ReleaseInProgressException.class,
                        e -> assertThat(e.leaseUntil()).isEqualTo(clock.instant().plus(TrackerOptions.DEFAULTS.publishLease())));
        expireLease(); // the retry of the newer input comes after the lease
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 2));

        assertThat(releases("convert")).extracting(JobReleased::generation, JobReleased::runId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, crashed.runId()),
                        org.assertj.core.groups.Tuple.tuple(2, releases("convert").get(1).runId()));
        assertThat(releases("convert").get(1).inputs()).filteredOn(i -> i.dataset().equals("fx"))
                .extracting(InputVersion::version).containsExactly(2L);
    }

    @Test
    void aJobWithOnlyOpenEndedInputsIsReleasedOnArrival() {
        DependencyTracker.Outcome outcome = tracker.onDataReady(dataReady("rates", Partition.NONE, 1));

        assertThat(outcome.decisions()).extracting(Decision::job, Decision::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("snapshot", Decision.Kind.RELEASED));
        assertThat(releases("snapshot")).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(Partition.NONE);
            assertThat(r.inputs()).extracting(InputVersion::dataset, InputVersion::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("rates", 1L));
        });
        tracker.onDataReady(dataReady("rates", Partition.NONE, 2));
        assertThat(releases("snapshot")).extracting(JobReleased::generation).containsExactly(1, 2);
    }

    @Test
    void aPartialReleaseMissingALatestInputIsCompletedWhenItArrives() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T06:00:00Z"));
        operations.sweepDeadlines();
        assertThat(releases("screen")).singleElement().satisfies(r ->
                assertThat(r.missingInputs()).containsExactly(new DatasetPartition("denylist", Partition.NONE)));

        tracker.onDataReady(dataReady("denylist", Partition.NONE, 1));

        assertThat(releases("screen")).extracting(JobReleased::generation, JobReleased::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, JobReleased.Reason.DEADLINE),
                org.assertj.core.groups.Tuple.tuple(2, JobReleased.Reason.ALL_INPUTS_READY));
        assertThat(releases("screen").get(1).missingInputs()).isEmpty();
        tracker.onDataReady(dataReady("denylist", Partition.NONE, 1)); // a duplicate releases nothing more
        assertThat(releases("screen")).hasSize(2);
    }

    @Test
    void oneFailingJobDoesNotStopTheOtherConsumersOfAnEvent() {
        tracker.onDataReady(dataReady("customers", D20, 1));
        tracker.onDataReady(dataReady("fx", date("2026-11-19"), 1));
        published.failWhen(e -> e.data() instanceof JobReleased r && r.job().equals("convert"));

        assertThatThrownBy(() -> tracker.onDataReady(dataReady("orders", D20, 1)))
                .hasMessageContaining("convert[date=2026-11-20]");

        assertThat(releases("partial_release")).as("evaluated after convert failed").hasSize(1);
        published.failWhen(e -> false);
        tracker.onDataReady(dataReady("orders", D20, 1)); // the redelivery finishes convert
        assertThat(releases("convert")).hasSize(1);
        assertThat(releases("partial_release")).hasSize(1);
    }

    @Test
    void theSweepGoesOnPastAFailingPartitionAndRetriesItsAlertNextTime() {
        Partition d19 = date("2026-11-19");
        tracker.onDataReady(dataReady("orders", d19, 1));
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T06:00:00Z"));
        published.failWhen(e -> e.data() instanceof Alert a && a.partition().equals(d19));

        assertThatThrownBy(() -> operations.sweepDeadlines()).hasMessageContaining("enrich[date=2026-11-19]");
        assertThat(published.data(Alert.class)).filteredOn(a -> a.job().equals("enrich"))
                .extracting(Alert::partition).containsExactly(D20);
        assertThat(store.release("enrich", d19).orElseThrow().alertedAt()).as("claim released").isNull();

        published.failWhen(e -> false);
        operations.sweepDeadlines();
        operations.sweepDeadlines();
        assertThat(published.data(Alert.class)).filteredOn(a -> a.job().equals("enrich"))
                .extracting(Alert::partition).containsExactly(D20, d19);
    }

    @Test
    void twoRacingSweepsPublishOneAlert() {
        tracker.onDataReady(dataReady("orders", D20, 1));
        clock.set(Instant.parse("2026-11-21T06:00:00Z"));
        // A second replica's sweep runs while the first one is publishing its alert.
        TrackerOperations[] other = new TrackerOperations[1];
        boolean[] raced = {false};
        dev.sluice.runtime.events.EventPublisher racing = (destination, event, attributes) -> {
            if (event.data() instanceof Alert && !raced[0]) {
                raced[0] = true;
                other[0].sweepDeadlines();
            }
            published.publish(destination, event, attributes);
        };
        TrackerOperations first = new TrackerOperations(new DependencyTracker(SPECS, store, racing, clock, TrackerOptions.DEFAULTS));
        other[0] = new TrackerOperations(new DependencyTracker(SPECS, store, published, clock, TrackerOptions.DEFAULTS));

        first.sweepDeadlines();

        assertThat(raced[0]).isTrue();
        assertThat(published.data(Alert.class)).filteredOn(a -> a.job().equals("enrich")).hasSize(1);
    }

    @Test
    void farFutureAndMalformedDatesAreRefusedBeforeAnythingIsRecorded() {
        for (String bad : List.of("+999999999-12-31", "1899-12-31", "2026-1-20")) {
            assertThatThrownBy(() -> tracker.onDataReady(dataReady("orders", date(bad), 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("date=" + bad);
        }
        assertThat(store.versionsOf("orders")).isEmpty();
        assertThat(operations.releasesOf("enrich")).isEmpty();
        assertThat(published.published()).isEmpty();
    }

    @Test
    void versionsFromTheFutureOrFarAheadOfTheRecordedOneAreRefusedAndChangeNothing() {
        long now = clock.instant().toEpochMilli();
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("orders", date("2026-11-20"), now + java.time.Duration.ofDays(2).toMillis())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data.version: " + (now + java.time.Duration.ofDays(2).toMillis()) + " of orders date=2026-11-20 is ahead"
                        + " of the current time in epoch milliseconds");
        assertThat(store.versionsOf("orders")).isEmpty();

        tracker.onDataReady(dataReady("orders", date("2026-11-20"), 3));
        long jump = 3 + TrackerOptions.DEFAULT_MAX_VERSION_JUMP + 1;
        assertThatThrownBy(() -> tracker.onDataReady(dataReady("orders", date("2026-11-20"), jump)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.version: " + jump + " of orders date=2026-11-20 jumps more than " + TrackerOptions.DEFAULT_MAX_VERSION_JUMP
                        + " (SLUICE_TRACKER_MAX_VERSION_JUMP) ahead of the recorded version 3");
        assertThat(store.versionsOf("orders")).singleElement().satisfies(v -> assertThat(v.version()).isEqualTo(3));
        assertThat(published.published()).isEmpty();

        tracker.onDataReady(dataReady("orders", date("2026-11-20"), 3 + TrackerOptions.DEFAULT_MAX_VERSION_JUMP));
        assertThat(store.versionsOf("orders")).singleElement().satisfies(v -> assertThat(v.version())
                .isEqualTo(3 + TrackerOptions.DEFAULT_MAX_VERSION_JUMP));
    }

    @Test
    void aSelfDependentJobReleasesDayByDayFromItsStartAndARepublicationRollsForwardInOrder() throws Exception {
        PipelineSpecs self = PipelineSpecs.load(Path.of(getClass().getResource("/specs/self-dependent").toURI()));
        DependencyTracker t = new DependencyTracker(self, store, published, clock, TrackerOptions.DEFAULTS);
        String job = "cumulate_totals";
        for (String day : List.of("2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03")) {
            t.onDataReady(dataReady("orders", date(day), 1));
        }
        // Only the start is released: it needs no earlier total; nothing before the start is even recorded.
        assertThat(releases(job)).extracting(JobReleased::partition).containsExactly(date("2026-11-01"));
        assertThat(store.release(job, date("2026-10-31"))).isEmpty();
        assertThat(store.release(job, date("2026-11-02"))).map(ReleaseRecord::state).contains(ReleaseRecord.State.WAITING);

        // Each day's own output releases the next day.
        t.onDataReady(dataReady("customer_totals", date("2026-11-01"), 1));
        t.onDataReady(dataReady("customer_totals", date("2026-11-02"), 1));
        assertThat(releases(job)).extracting(r -> r.partition().key() + " g" + r.generation())
                .containsExactly("date=2026-11-01 g1", "date=2026-11-02 g1", "date=2026-11-03 g1");

        // Re-publishing day 1 re-releases day 2 only; day 3 follows when day 2's new output arrives.
        t.onDataReady(dataReady("customer_totals", date("2026-11-01"), 2));
        assertThat(releases(job)).extracting(r -> r.partition().key() + " g" + r.generation())
                .containsExactly("date=2026-11-01 g1", "date=2026-11-02 g1", "date=2026-11-03 g1", "date=2026-11-02 g2");
        t.onDataReady(dataReady("customer_totals", date("2026-11-02"), 2));
        assertThat(releases(job)).extracting(r -> r.partition().key() + " g" + r.generation()).last().isEqualTo("date=2026-11-03 g2");
        assertThat(releases(job)).hasSize(5);
    }

    @Test
    void aScheduleReleasesEachTickOnceWithinItsCatchUpWindowAndNotBefore() throws Exception {
        PipelineSpecs scheduled = PipelineSpecs.load(Path.of(getClass().getResource("/specs/scheduled").toURI()));
        DependencyTracker t = new DependencyTracker(scheduled, store, published, clock, TrackerOptions.DEFAULTS);
        TrackerOperations ops = new TrackerOperations(t);
        for (String day : List.of("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21")) {
            t.onDataReady(dataReady("orders", date(day), 1));
        }
        assertThat(releases("morning_report")).isEmpty();

        // At 12:00 UTC on the 20th with a two-day catch-up: the ticks of the 19th and the 20th (06:00 in Berlin), not the 18th.
        ops.sweepDeadlines();
        assertThat(releases("morning_report")).extracting(r -> r.partition().key()).containsExactly("date=2026-11-19", "date=2026-11-20");
        assertThat(store.release("morning_report", date("2026-11-18"))).map(ReleaseRecord::state).contains(ReleaseRecord.State.WAITING);

        // The scheduler firing again (or on a second replica) releases nothing twice.
        ops.sweepDeadlines();
        new TrackerOperations(t).sweepDeadlines();
        assertThat(releases("morning_report")).hasSize(2);

        // Before 06:00 in Berlin on the 21st nothing; just after, the 21st.
        clock.set(Instant.parse("2026-11-21T04:59:00Z"));
        ops.sweepDeadlines();
        assertThat(releases("morning_report")).hasSize(2);
        clock.set(Instant.parse("2026-11-21T05:00:30Z"));
        ops.sweepDeadlines();
        assertThat(releases("morning_report")).extracting(r -> r.partition().key()).last().isEqualTo("date=2026-11-21");
        assertThat(releases("morning_report")).hasSize(3);

        // Nobody may publish a tick through a topic, not even the dataset's owning team.
        TopologyNames names = new TopologyNames("local");
        assertThatThrownBy(() -> new IngressPolicy(scheduled, names).check(names.ingressTopic("analytics"),
                dataReady("morning", date("2026-11-22"), 1).data()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data.dataset: 'morning' is a schedule: only the tracker's clock publishes its ticks");
    }

    @Test
    void anHourlyClockReleasesOneHourPartitionPerTickWithinItsCatchUpWindow() throws Exception {
        PipelineSpecs hourly = PipelineSpecs.load(Path.of(getClass().getResource("/specs/scheduled-hourly").toURI()));
        DependencyTracker t = new DependencyTracker(hourly, store, published, clock, TrackerOptions.DEFAULTS);
        TrackerOperations ops = new TrackerOperations(t);
        // At 12:00 UTC on the 20th with a three-hour catch-up: the ticks of 09:15, 10:15 and 11:15, one partition each.
        clock.set(Instant.parse("2026-11-20T12:00:00Z"));
        ops.sweepDeadlines();
        assertThat(releases("take_snapshot")).extracting(r -> r.partition().key())
                .containsExactly("hour=2026-11-20T09", "hour=2026-11-20T10", "hour=2026-11-20T11");
        ops.sweepDeadlines();
        assertThat(releases("take_snapshot")).hasSize(3);
        clock.set(Instant.parse("2026-11-20T12:15:30Z"));
        ops.sweepDeadlines();
        assertThat(releases("take_snapshot")).extracting(r -> r.partition().key()).last().isEqualTo("hour=2026-11-20T12");
        assertThat(releases("take_snapshot")).hasSize(4);
    }
}
