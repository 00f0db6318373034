package dev.sluice.console;

import static dev.sluice.console.Html.esc;
import static dev.sluice.console.Html.url;

import dev.sluice.cli.DeadLetterQueues;
import dev.sluice.cli.PartitionStatus;
import dev.sluice.contracts.DatasetPartition;
import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.contracts.TraceParent;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.runtime.stage.StageRecord;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.topology.QueueRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The console's pages, rendered on the server. Every value read from state or from the request is escaped. */
final class ConsolePages {
    /** Partitions per job on a grid and in the DAG's health (the newest ones). */
    static final int PARTITIONS = 60;
    /** Dead letters listed on a queue's page. */
    static final int LETTERS = 50;
    /** At most this many dead letters per redrive, as the CLI's default. */
    static final int REDRIVE_MAX = 1000;

    private final ConsoleData data;
    private final boolean allowChanges;
    private final int refreshSeconds;

    ConsolePages(ConsoleData data, boolean allowChanges, int refreshSeconds) {
        this.data = data;
        this.allowChanges = allowChanges;
        this.refreshSeconds = refreshSeconds;
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    String page(String title, String body, boolean refresh) {
        return "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                + (refresh && refreshSeconds > 0 ? "<meta http-equiv='refresh' content='" + refreshSeconds + "'>" : "")
                + "<title>" + esc(title) + " · sluice " + esc(data.env()) + "</title><style>" + CSS + "</style></head><body>"
                + "<header><strong>sluice</strong> <span class='env'>env " + esc(data.env()) + "</span> <nav><a href='/'>DAG</a> "
                + "<a href='/problems'>Late &amp; failed</a> <a href='/dlq'>DLQs</a></nav> <span class='changes'>changes "
                + (allowChanges ? "<strong>allowed</strong>" : "off") + "</span>"
                + (refresh && refreshSeconds > 0 ? " <span class='refresh'>refreshes every " + refreshSeconds + " s</span>" : "")
                + "</header><main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    static final String CSS = "body{font-family:system-ui,sans-serif;margin:0;color:#1f2328}header{background:#1f2937;color:#fff;padding:8px 16px}"
            + "header a{color:#cfe3ff;margin-right:12px}header .env,header .changes,header .refresh{margin-left:16px;color:#d1d5db}"
            + "main{padding:12px 16px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}"
            + "th{background:#f6f8fa}.cell{min-width:150px;font-size:13px}.cell a{color:inherit}.legend span{display:inline-block;padding:2px 8px;margin-right:6px}"
            + "code,pre{background:#f6f8fa;padding:2px 4px}pre{padding:8px;white-space:pre-wrap}.error{color:#b42318;font-weight:bold}"
            + ".refused{color:#b42318}.ok{color:#216e39}form.inline{display:inline}";

    // ---- the DAG ------------------------------------------------------------------------------------------------

    String dag() {
        Map<String, Health> health = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder("<table id='jobs'><tr><th>job</th><th>health</th><th>stages</th><th>inputs → outputs</th></tr>");
        for (JobSpec j : data.specs().jobs()) {
            Health h = Health.of(data.partitions(j.name(), PARTITIONS));
            health.put(j.name(), h);
            List<String> stages = new ArrayList<>();
            for (Optional<dev.sluice.contracts.Stage> s = Optional.of(j.firstStage()); s.isPresent(); s = j.stageAfter(s.get())) {
                stages.add(s.get().wireName());
            }
            list.append("<tr><td><a href='/jobs/").append(esc(url(j.name()))).append("'>").append(esc(j.name())).append("</a></td><td style='background:")
                    .append(h.colour).append("'>").append(esc(h.word)).append("</td><td>").append(esc(String.join(" → ", stages))).append("</td><td>")
                    .append(esc(String.join(", ", j.inputs().stream().map(i -> i.dataset()).toList()))).append(" → ")
                    .append(esc(String.join(", ", j.outputs().stream().map(o -> o.dataset()).toList()))).append("</td></tr>");
        }
        list.append("</table>");
        StringBuilder legend = new StringBuilder("<p class='legend'>");
        for (Health h : Health.values()) {
            legend.append("<span style='background:").append(h.colour).append("'>").append(esc(h.word)).append("</span>");
        }
        legend.append("</p>");
        return page("Pipeline", legend + "<div class='dag'>" + DagSvg.render(data.specs(), health) + "</div><h2>Jobs</h2>" + list, true);
    }

    // ---- a job's partition grid ---------------------------------------------------------------------------------

    /** Rows: the value of the partition's first dimension (e.g. the date), newest first; columns: the other dimensions. */
    String grid(JobSpec job) {
        List<PartitionStatus> partitions = data.partitions(job.name(), PARTITIONS);
        Map<String, Map<String, PartitionStatus>> rows = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        for (PartitionStatus p : partitions) {
            Map<String, String> dims = p.release().partition().dimensions();
            String row = dims.isEmpty() ? Partition.NONE_KEY : dims.keySet().iterator().next() + "=" + dims.values().iterator().next();
            List<String> rest = new ArrayList<>();
            dims.entrySet().stream().skip(1).forEach(e -> rest.add(e.getKey() + "=" + e.getValue()));
            String column = rest.isEmpty() ? "" : String.join("/", rest);
            columns.add(column);
            rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(column, p);
        }
        List<String> sortedColumns = columns.stream().sorted().toList();
        StringBuilder t = new StringBuilder("<table id='grid' data-job='" + esc(job.name()) + "'><tr><th>partition</th>");
        for (String c : sortedColumns) {
            t.append("<th>").append(c.isEmpty() ? "state" : esc(c)).append("</th>");
        }
        t.append("</tr>");
        for (Map.Entry<String, Map<String, PartitionStatus>> row : rows.entrySet()) {
            t.append("<tr><th>").append(esc(row.getKey())).append("</th>");
            for (String c : sortedColumns) {
                PartitionStatus p = row.getValue().get(c);
                t.append(p == null ? "<td class='cell'></td>" : cell(p));
            }
            t.append("</tr>");
        }
        t.append("</table>");
        String body = "<p>" + partitions.size() + " partition(s) the tracker knows, newest first (at most " + PARTITIONS + "). "
                + "Click a released partition for its run.</p>" + legend() + (partitions.isEmpty() ? "<p>No partition of this job has seen an input yet.</p>" : t.toString());
        return page("Job " + job.name(), body, true);
    }

    private static String legend() {
        return "<p class='legend'><span style='background:" + Health.WAITING.colour + "'>waiting</span><span style='background:" + Health.LATE.colour
                + "'>late</span><span style='background:" + Health.RUNNING.colour + "'>released / running</span><span style='background:"
                + Health.SUCCEEDED.colour + "'>succeeded</span><span style='background:" + Health.FAILED.colour + "'>failed</span></p>";
    }

    private String cell(PartitionStatus p) {
        String key = p.release().partition().key();
        StringBuilder c = new StringBuilder("<td class='cell state-").append(p.state().word()).append(p.late() ? " late" : "")
                .append("' data-partition='").append(esc(key)).append("' data-state='").append(p.state().word())
                .append("' style='background:").append(Health.colourOf(p)).append("'>");
        String what = switch (p.state()) {
            case WAITING -> (p.late() ? "LATE, waiting on " : "waiting on ") + String.join(", ", p.missing().stream().map(ConsolePages::input).toList());
            case RELEASED -> "released (gen " + p.release().generation() + "), no stage yet";
            case RUNNING -> "running: " + p.currentStage();
            case SUCCEEDED -> "succeeded (gen " + p.release().generation() + ")";
            case FAILED -> "failed: " + p.run().map(RunRecord::error).orElse("");
        };
        if (p.release().runId() != null && p.state() != PartitionStatus.State.WAITING) {
            c.append("<a class='run' href='/runs/").append(esc(url(p.release().runId()))).append("'>").append(esc(what)).append("</a>");
        } else {
            c.append(esc(what));
        }
        return c.append("</td>").toString();
    }

    private static String input(DatasetPartition i) {
        return i.dataset() + "[" + i.partition().key() + "]";
    }

    // ---- a run --------------------------------------------------------------------------------------------------

    String run(RunRecord run, List<StageRecord> stages) {
        StringBuilder b = new StringBuilder();
        b.append("<table id='run-summary'><tr><th>job</th><td><a href='/jobs/").append(esc(url(run.job()))).append("'>").append(esc(run.job()))
                .append("</a></td></tr><tr><th>partition</th><td>").append(esc(run.partition().key())).append("</td></tr><tr><th>generation</th><td>")
                .append(run.generation()).append("</td></tr><tr><th>state</th><td id='run-state'>").append(esc(run.state().name().toLowerCase()))
                .append("</td></tr><tr><th>reason</th><td>").append(esc(run.reason() == null ? "" : run.reason().name().toLowerCase()))
                .append("</td></tr><tr><th>released / finished</th><td>").append(esc(run.releasedAt())).append(" / ").append(esc(run.finishedAt()))
                .append("</td></tr><tr><th>correlation id</th><td>").append(esc(run.correlationId())).append("</td></tr><tr><th>trace id</th><td>")
                .append(esc(TraceParent.traceIdOf(run.runId()))).append("</td></tr><tr><th>spec</th><td>").append(esc(run.specDigest()))
                .append("</td></tr></table>");
        if (run.error() != null) {
            b.append("<h2>Error</h2><p id='run-error' class='error'>").append(esc(run.error())).append("</p>");
            StageRecord failed = stages.stream().filter(s -> s.errorClass() != null).reduce((x, y) -> y).orElse(null);
            String stage = failed == null ? "?" : failed.stage().wireName();
            b.append("<h3>Alert</h3><p id='run-alert'>An <code>alert</code> (severity error) went to <code>").append(esc(data.env()))
                    .append("-sluice-alerts</code>: <q>").append(esc("job " + run.job() + " partition " + run.partition().key() + " failed in " + stage
                            + ": " + run.error())).append("</q>. A data-quality alert carries the check and up to 10 failing rows; read them from the "
                            + "alerts queue's subscriber.</p>");
        }
        if (run.shadow() != null) {
            ShadowResult sh = run.shadow();
            b.append("<h2>Shadow comparison</h2><p id='run-shadow' class='shadow-").append(esc(sh.label())).append("'><b>")
                    .append(esc(sh.label())).append("</b>: ").append(esc(sh.dataset())).append(" vs legacy <code>").append(esc(sh.legacy()))
                    .append("</code>: ").append(esc(sh.summary())).append("</p>");
            if (!sh.differingKeys().isEmpty()) {
                b.append("<ul id='shadow-keys'>");
                sh.differenceLines().forEach(line -> b.append("<li>").append(esc(line)).append("</li>"));
                b.append("</ul>");
            }
        }
        b.append("<h2>Stages</h2>").append(timeline(stages));
        b.append("<table id='stages'><tr><th>stage</th><th>state</th><th>attempt</th><th>started</th><th>duration</th><th>rows in</th><th>rows out</th>"
                + "<th>bytes out</th><th>error</th></tr>");
        for (StageRecord s : stages) {
            b.append("<tr><td>").append(esc(s.stage().wireName())).append("</td><td>").append(esc(s.state().name().toLowerCase())).append("</td><td>")
                    .append(s.attempt()).append("</td><td>").append(esc(s.startedAt())).append("</td>");
            if (s.metrics() != null) {
                b.append("<td>").append(s.metrics().durationMs()).append(" ms</td><td>").append(s.metrics().rowsIn()).append("</td><td>")
                        .append(s.metrics().rowsOut()).append("</td><td>").append(s.metrics().bytesOut()).append("</td>");
            } else {
                b.append("<td></td><td></td><td></td><td></td>");
            }
            b.append("<td class='error'>").append(s.errorClass() == null ? "" : esc(s.errorClass() + ": " + s.errorMessage())).append("</td></tr>");
        }
        b.append("</table>");
        b.append("<h2>Lineage</h2><table id='lineage'><tr><th>input versions</th><th></th><th>outputs</th></tr><tr><td><ul>");
        for (InputVersion i : run.inputs()) {
            b.append("<li>").append(esc(i.dataset() + "[" + i.partition().key() + "] v" + i.version() + " "
                    + (i.manifest() != null ? i.manifest() : i.location()))).append("</li>");
        }
        b.append("</ul></td><td>→</td><td><ul>");
        for (PublishedOutput o : run.outputs()) {
            b.append("<li>").append(esc(o.dataset() + "[" + o.partition().key() + "] v" + o.version() + " " + o.rowCount() + " rows " + o.manifest()))
                    .append("</li>");
        }
        b.append("</ul></td></tr></table>");
        b.append("<h2>Logs</h2><p>Every service logs JSON lines with <code>runId</code>, <code>traceId</code> and <code>correlationId</code>. ")
                .append("This run's lines:</p><pre id='log-command'>").append(esc(logCommand(run))).append("</pre>");
        return page("Run " + run.runId(), b.toString(), run.state() == RunRecord.State.RUNNING);
    }

    /** The commands that read the run's log lines: CloudWatch Logs Insights over the environment's log groups, or grep. */
    String logCommand(RunRecord run) {
        String env = data.env();
        long start = (run.releasedAt() == null ? Instant.now() : run.releasedAt()).minusSeconds(300).getEpochSecond();
        long end = (run.finishedAt() == null ? Instant.now() : run.finishedAt()).plusSeconds(300).getEpochSecond();
        return "aws logs start-query --start-time " + start + " --end-time " + end + " \\\n"
                + "  --log-group-names /aws/lambda/" + env + "-sluice-tracker /aws/lambda/" + env + "-sluice-extractor /aws/lambda/" + env
                + "-sluice-transformer /aws/lambda/" + env + "-sluice-loader \\\n"
                + "  --query-string 'fields @timestamp, service, stage, level, message | filter runId = \"" + run.runId() + "\" | sort @timestamp'\n"
                + "# containers or a local run:\n"
                + "grep '\"runId\":\"" + run.runId() + "\"' /var/log/sluice/*.log";
    }

    private static String timeline(List<StageRecord> stages) {
        List<StageRecord> timed = stages.stream().filter(s -> s.startedAt() != null).toList();
        if (timed.isEmpty()) {
            return "";
        }
        Instant start = timed.stream().map(StageRecord::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        long total = 1;
        for (StageRecord s : timed) {
            total = Math.max(total, end(s).toEpochMilli() - start.toEpochMilli());
        }
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' id='timeline' width='720' height='" + (timed.size() * 26 + 8) + "'>");
        int y = 4;
        for (StageRecord s : timed) {
            double x = 110 + 600.0 * (s.startedAt().toEpochMilli() - start.toEpochMilli()) / total;
            double w = Math.max(2, 600.0 * (end(s).toEpochMilli() - s.startedAt().toEpochMilli()) / total);
            String colour = switch (s.state()) {
                case SUCCEEDED -> Health.SUCCEEDED.colour;
                case FAILED -> Health.FAILED.colour;
                case RETRYING -> Health.LATE.colour;
                case RUNNING -> Health.RUNNING.colour;
            };
            svg.append("<text x='0' y='").append(y + 15).append("' font-size='12' font-family='sans-serif'>").append(esc(s.stage().wireName()))
                    .append(" #").append(s.attempt()).append("</text><rect x='").append(String.format("%.1f", x)).append("' y='").append(y)
                    .append("' width='").append(String.format("%.1f", w)).append("' height='20' fill='").append(colour).append("'/>");
            y += 26;
        }
        return svg.append("</svg>").toString();
    }

    private static Instant end(StageRecord s) {
        if (s.metrics() != null && s.metrics().finishedAt() != null) {
            return s.metrics().finishedAt();
        }
        return s.finishedAt() != null ? s.finishedAt() : Instant.now();
    }

    String noRun(String runId) {
        return page("Run " + runId, "<p>No run " + esc(runId) + " is recorded in environment " + esc(data.env())
                + " yet: a released partition's run appears once its first stage picks it up.</p>", true);
    }

    // ---- late and failed ----------------------------------------------------------------------------------------

    String problems() {
        record Problem(Instant at, PartitionStatus p) {
        }
        List<Problem> problems = new ArrayList<>();
        for (JobSpec j : data.specs().jobs()) {
            for (PartitionStatus p : data.partitions(j.name(), PARTITIONS)) {
                if (p.state() == PartitionStatus.State.FAILED) {
                    problems.add(new Problem(p.run().map(RunRecord::finishedAt).orElse(p.release().releasedAt()), p));
                } else if (p.state() == PartitionStatus.State.WAITING && p.late()) {
                    problems.add(new Problem(p.release().alertedAt(), p));
                }
            }
        }
        problems.sort(Comparator.comparing(Problem::at, Comparator.nullsLast(Comparator.reverseOrder())));
        StringBuilder t = new StringBuilder("<table id='problems'><tr><th>since</th><th>job</th><th>partition</th><th>state</th><th>detail</th></tr>");
        for (Problem pr : problems) {
            PartitionStatus p = pr.p();
            t.append("<tr><td>").append(esc(pr.at())).append("</td><td><a href='/jobs/").append(esc(url(p.release().job()))).append("'>")
                    .append(esc(p.release().job())).append("</a></td><td>").append(esc(p.release().partition().key())).append("</td><td>")
                    .append(p.state() == PartitionStatus.State.FAILED ? "failed" : "late").append("</td><td>");
            if (p.state() == PartitionStatus.State.FAILED) {
                t.append("<a href='/runs/").append(esc(url(p.release().runId()))).append("'>").append(esc(p.detail())).append("</a>");
            } else {
                t.append(esc(p.detail()));
            }
            t.append("</td></tr>");
        }
        t.append("</table>");
        return page("Late and failed partitions", problems.isEmpty() ? "<p class='ok'>Nothing late, nothing failed.</p>" : t.toString(), true);
    }

    // ---- DLQs ---------------------------------------------------------------------------------------------------

    String queues() {
        StringBuilder t = new StringBuilder("<table id='queues'><tr><th>queue</th><th>name</th><th>visible</th><th>in flight</th><th>DLQ depth</th></tr>");
        for (DeadLetterQueues.Depth d : data.queues()) {
            t.append("<tr><td><a href='/dlq/").append(esc(url(d.role().suffix()))).append("'>").append(esc(d.role().suffix())).append("</a></td><td>")
                    .append(esc(d.name())).append("</td><td>").append(esc(d.visible())).append("</td><td>").append(esc(d.inFlight()))
                    .append("</td><td class='dlq-depth' data-queue='").append(esc(d.role().suffix())).append("'>").append(esc(d.deadLetters()))
                    .append("</td></tr>");
        }
        t.append("</table>");
        return page("Dead-letter queues", t.toString(), true);
    }

    String deadLetters(QueueRole role, DeadLetterQueues.Filter filter) {
        List<DeadLetterQueues.Letter> letters = data.deadLetters(role, filter, LETTERS);
        StringBuilder b = new StringBuilder(filterForm(role, filter, "/dlq/" + url(role.suffix()), "Show"));
        b.append("<p>").append(letters.size()).append(" message(s) (at most ").append(LETTERS).append("); they stay in the DLQ.</p>");
        b.append(letterTable("letters", letters));
        b.append("<h2>Redrive</h2><p>First a dry run: it lists what a redrive with these filters would send back, and changes nothing.</p>")
                .append(filterForm(role, filter, "/dlq/" + url(role.suffix()) + "/redrive", "Dry run"));
        return page("DLQ of " + role.suffix(), b.toString(), false);
    }

    String dryRun(QueueRole role, DeadLetterQueues.Filter filter, String csrfToken) {
        DeadLetterQueues.Redrive dry = data.redrive(role, filter, REDRIVE_MAX, true);
        StringBuilder b = new StringBuilder("<p id='dry-run-summary'>Dry run: would redrive ").append(dry.letters().size()).append(" message(s) to ")
                .append(esc(dry.target())).append(".</p>").append(letterTable("dry-run", dry.letters()));
        if (dry.letters().isEmpty()) {
            b.append("<p>Nothing to redrive.</p>");
        } else if (!allowChanges) {
            b.append("<p id='changes-off' class='refused'>Redrive is off: this console was started without <code>--allow-changes</code>. ")
                    .append("Run <code>sluice dlq redrive ").append(esc(role.suffix())).append(cliFilters(filter)).append("</code>, or restart the ")
                    .append("console with <code>--allow-changes</code>.</p>");
        } else {
            b.append("<form id='redrive-form' method='post' action='/dlq/").append(esc(url(role.suffix()))).append("/redrive'>")
                    .append(hidden("csrf", csrfToken)).append(hidden("job", filter.job())).append(hidden("type", filter.type()))
                    .append(hidden("error", filter.errorText()))
                    .append("<label><input type='checkbox' name='confirm' value='yes' required> I confirm: send these ").append(dry.letters().size())
                    .append(" message(s) back to ").append(esc(dry.target())).append("</label> <button type='submit'>Redrive</button></form>");
        }
        return page("Redrive " + role.suffix() + ": dry run", b.toString(), false);
    }

    String redone(DeadLetterQueues.Redrive done) {
        return page("Redrive", "<p id='redrive-summary' class='ok'>Redrove " + done.letters().size() + " message(s) to " + esc(done.target())
                + ".</p>" + letterTable("redriven", done.letters()), false);
    }

    private static String cliFilters(DeadLetterQueues.Filter f) {
        return (f.job() == null ? "" : " --job " + esc(f.job())) + (f.type() == null ? "" : " --type " + esc(f.type()))
                + (f.errorText() == null ? "" : " --error-contains '" + esc(f.errorText()) + "'");
    }

    private static String hidden(String name, String value) {
        return value == null ? "" : "<input type='hidden' name='" + name + "' value='" + esc(value) + "'>";
    }

    private static String filterForm(QueueRole role, DeadLetterQueues.Filter f, String action, String button) {
        return "<form class='filters' method='get' action='" + esc(action) + "'>job <input name='job' value='" + esc(f.job()) + "'> type <input name='type' value='"
                + esc(f.type()) + "'> error contains <input name='error' value='" + esc(f.errorText()) + "'> <button type='submit'>" + esc(button)
                + "</button></form>";
    }

    private static String letterTable(String id, List<DeadLetterQueues.Letter> letters) {
        StringBuilder t = new StringBuilder("<table id='" + id + "'><tr><th>message</th><th>type</th><th>job</th><th>receives</th><th>failed at</th>"
                + "<th>reason</th></tr>");
        for (DeadLetterQueues.Letter l : letters) {
            t.append("<tr class='letter'><td>").append(esc(l.messageId())).append("</td><td>").append(esc(l.type())).append("</td><td>")
                    .append(esc(l.job())).append("</td><td>").append(esc(l.receives())).append("</td><td>").append(esc(l.failedAt()))
                    .append("</td><td>").append(esc(l.errorClass())).append(": ").append(esc(l.reason())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    String message(String title, String text, String cssClass) {
        return page(title, "<p id='message' class='" + cssClass + "'>" + esc(text) + "</p>", false);
    }
}
