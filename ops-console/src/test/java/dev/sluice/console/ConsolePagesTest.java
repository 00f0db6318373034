package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.cli.PartitionStatus;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.store.ReleaseRecord;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsolePagesTest {
    static final String SCRIPT = "<script>alert('x')</script>";
    static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
    final FakeConsoleData data = new FakeConsoleData();
    final ConsolePages pages = new ConsolePages(data, false, 5);

    static PartitionStatus waiting(String job, String date, String missingDataset, boolean late) {
        ReleaseRecord r = ReleaseRecord.waiting(job, Partition.of("date", date), T, T.plusSeconds(60));
        if (late) {
            r = r.withAlertedAt(T.plusSeconds(61));
        }
        return new PartitionStatus(r, PartitionStatus.State.WAITING, List.of(new DatasetPartition(missingDataset, Partition.of("date", date))), late,
                Optional.empty(), List.of());
    }

    static PartitionStatus finished(String job, String date, String runId, RunRecord.State state, String error) {
        Partition p = Partition.of("date", date);
        ReleaseRecord r = ReleaseRecord.waiting(job, p, T, null).nextGeneration(runId, "h", List.of(), List.of(),
                JobReleased.Reason.ALL_INPUTS_READY, "sha256:x", T, null).withState(ReleaseRecord.State.PUBLISHED);
        RunRecord run = RunRecord.of(new JobReleased(runId, job, p, 1, List.of(new InputVersion("orders", p, 2, URI.create("s3://b/orders/"), null)),
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), JobReleased.Reason.ALL_INPUTS_READY, List.of(), dev.sluice.contracts.Stage.TRANSFORM),
                "corr-1", T).finished(state, T.plusSeconds(30), List.of(), error);
        return new PartitionStatus(r, state == RunRecord.State.FAILED ? PartitionStatus.State.FAILED : PartitionStatus.State.SUCCEEDED, List.of(),
                false, Optional.of(run), List.of());
    }

    @Test
    void theGridShowsWaitingOnWhatSucceededAndFailedWithClickThroughToTheRun() {
        data.partitions.put("build_order_facts", List.of(waiting("build_order_facts", "2026-11-21", "shipments", false),
                finished("build_order_facts", "2026-11-20", "run-ok", RunRecord.State.SUCCEEDED, null),
                finished("build_order_facts", "2026-11-19", "run-bad", RunRecord.State.FAILED, "SchemaDrift: column amount went missing")));

        String html = pages.grid(FakeConsoleData.SAMPLE.job("build_order_facts"));

        assertThat(html).contains("data-partition='date=2026-11-21' data-state='waiting'", "waiting on shipments[date=2026-11-21]",
                "data-partition='date=2026-11-20' data-state='succeeded'", "href='/runs/run-ok'",
                "data-state='failed'", "failed: SchemaDrift: column amount went missing", "http-equiv='refresh' content='5'");
        assertThat(html.indexOf("2026-11-21")).as("newest first").isLessThan(html.indexOf("2026-11-19"));
    }

    @Test
    void injectedDatasetErrorAndReasonStringsAreEscapedEverywhere() {
        String img = "<img src=x onerror=alert(1)>";
        data.partitions.put("build_order_facts", List.of(waiting("build_order_facts", "2026-11-21", SCRIPT, true),
                finished("build_order_facts", "2026-11-20", "run-<b>", RunRecord.State.FAILED, img)));
        data.runs.put("run-<b>", data.partitions.get("build_order_facts").get(1).run().orElseThrow());
        data.letters.add(new DeadLetterQueues.Letter("m-1", "sluice.job-released", SCRIPT, "5", "2026-11-20T12:00:00Z", "Poison", img, "{}"));

        List<String> rendered = List.of(pages.grid(FakeConsoleData.SAMPLE.job("build_order_facts")), pages.problems(), pages.dag(),
                pages.run(data.runs.get("run-<b>"), List.of()), pages.deadLetters(QueueRole.EXTRACT, new DeadLetterQueues.Filter(SCRIPT, null, null)),
                pages.dryRun(QueueRole.EXTRACT, DeadLetterQueues.Filter.ALL, "token"), pages.noRun(SCRIPT), pages.message("t", img, "refused"));

        assertThat(rendered).allSatisfy(html -> assertThat(html).doesNotContain("<script>", "<img", "<b>"));
        assertThat(rendered.get(0)).contains("LATE, waiting on &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;[date=2026-11-21]");
        assertThat(rendered.get(1)).contains("&lt;img src=x onerror=alert(1)&gt;", "href='/runs/run-%3Cb%3E'");
        assertThat(rendered.get(3)).contains("<p id='run-error' class='error'>&lt;img src=x onerror=alert(1)&gt;</p>", "run-&lt;b&gt;");
        assertThat(rendered.get(4)).contains("value='&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;'");
    }

    @Test
    void theDagColoursEachJobByItsWorstPartitionAndLinksToItsGrid() {
        data.partitions.put("build_order_facts", List.of(finished("build_order_facts", "2026-11-20", "r1", RunRecord.State.SUCCEEDED, null),
                finished("build_order_facts", "2026-11-19", "r2", RunRecord.State.FAILED, "boom")));
        data.partitions.put("extract_orders", List.of(waiting("extract_orders", "2026-11-21", "orders_drop", true)));
        data.partitions.put("extract_customers", List.of(finished("extract_customers", "2026-11-20", "r3", RunRecord.State.SUCCEEDED, null)));

        String html = pages.dag();

        assertThat(html).contains("<svg", "href='/jobs/build_order_facts' class='job' data-job='build_order_facts' data-health='failed'",
                "data-job='extract_orders' data-health='late'", "data-job='extract_customers' data-health='succeeded'",
                "data-job='rollup_weekly_revenue' data-health='idle'", "data-dataset='order_facts'", "marker-end='url(#arrow)'");
    }

    @Test
    void aRunShowsItsStagesLineageErrorAlertAndLogCommand() {
        PartitionStatus failed = finished("build_order_facts", "2026-11-19", "run-9", RunRecord.State.FAILED, "QualityCheckFailed: 3 rows");
        String html = pages.run(failed.run().orElseThrow(), List.of());
        assertThat(html).contains("id='run-error'", "QualityCheckFailed: 3 rows", "test-sluice-alerts", "orders[date=2026-11-19] v2 s3://b/orders/",
                "filter runId = &quot;run-9&quot;", "grep &#39;&quot;runId&quot;:&quot;run-9&quot;&#39;");
    }

    @Test
    void aShadowRunShowsItsComparisonWithTheDifferingKeys() {
        RunRecord run = finished("build_order_facts", "2026-11-19", "run-s", RunRecord.State.SUCCEEDED, null).run().orElseThrow()
                .withShadow(new dev.sluice.runtime.stage.ShadowResult(dev.sluice.runtime.stage.ShadowResult.Outcome.DIFFERENT,
                        "order_facts_shadow", "s3://legacy/facts/date=2026-11-19/", "different: 1 changed",
                        List.of(java.util.Map.of("id", SCRIPT, "_difference", "changed"))));
        String html = pages.run(run, List.of());
        assertThat(html).contains("id='run-shadow'", "<b>different</b>: order_facts_shadow vs legacy <code>s3://legacy/facts/date=2026-11-19/</code>:"
                + " different: 1 changed", "id='shadow-keys'", "changed {id=&lt;script&gt;").doesNotContain(SCRIPT);
        assertThat(pages.run(finished("build_order_facts", "2026-11-19", "run-n", RunRecord.State.SUCCEEDED, null).run().orElseThrow(), List.of()))
                .doesNotContain("run-shadow");
    }

    @Test
    void withoutTheFlagTheDryRunSaysRedriveIsOffAndOffersNoForm() {
        data.letters.add(new DeadLetterQueues.Letter("m-1", "sluice.job-released", "extract_orders", "5", "t", "Poison", "bad", "{}"));
        String html = pages.dryRun(QueueRole.EXTRACT, new DeadLetterQueues.Filter("extract_orders", null, null), "token");
        assertThat(html).contains("would redrive 1 message(s)", "id='changes-off'", "sluice dlq redrive extract --job extract_orders")
                .doesNotContain("<form id='redrive-form'", "token");
        assertThat(data.redrives).containsExactly(true);
    }
}
