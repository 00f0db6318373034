package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.Stage;
import dev.sluice.contracts.StageCompleted;
import dev.sluice.contracts.StagedOutput;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.runtime.events.InMemoryEventPublisher;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.runtime.messaging.InboundMessage;
import dev.sluice.runtime.messaging.QueueRef;
import dev.sluice.runtime.metrics.Metrics;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.stage.DynamoDbReleaseLedger;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.StageOutput;
import dev.sluice.runtime.stage.StageRunner;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.runtime.stage.StageWorker;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.DependencyTracker;
import dev.sluice.tracker.store.ReleaseRecord;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The console in headless Chromium against the local stack, with state written by the real tracker and stage runner
 * (over DynamoDB and SQS): the grid's waiting and succeeded partitions, a failed run's error, a DLQ dry run, and the
 * redrive refused without --allow-changes and done, confirmed, with it. Screenshots go to target/screenshots/.
 */
@AwsIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
    static final String ENV = "consoleit";
    static final String SPECS = "../examples/sample-pipeline/specs";
    static final String ERROR = "source answered <b>HTTP 500</b> for orders";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final AwsStack stack;
    private ServiceContext context;
    private ConsoleServer readOnly;
    private ConsoleServer withChanges;
    private ChromeDriver browser;
    private final Map<String, String> runIds = new HashMap<>();

    ConsoleBrowserIT(AwsStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void start() throws Exception {
        PipelineSpecs specs = PipelineSpecs.load(Path.of(SPECS));
        new TopologyProvisioner(stack.clients().sns(), stack.clients().sqs(), stack.clients().dynamoDb(), stack.clients().s3())
                .provision(new TopologyDeriver().derive(specs, TopologyOptions.defaults(ENV)));
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put(ServiceSettings.ENV, ENV);
        settings.put(ServiceSettings.SPECS_DIR, SPECS);
        context = new ServiceContext(ServiceSettings.from("ops-console", Lookup.environment().withOverrides(settings)), Clock.systemUTC());
        writeState(specs);
        readOnly = ConsoleServer.start(new AwsConsoleData(context), "127.0.0.1", 0, false, 0);
        withChanges = ConsoleServer.start(new AwsConsoleData(context), "127.0.0.1", 0, true, 0);
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (readOnly != null) {
            readOnly.close();
        }
        if (withChanges != null) {
            withChanges.close();
        }
        if (context != null) {
            context.close();
        }
    }

    static ChromeDriver chromium() {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium).as("Debian's chromium (apt-get install -y chromium chromium-driver; .ci/run installs it)").exists();
        assertThat(driver).as("Debian's chromedriver (apt-get install -y chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build(), options);
    }

    // ---- state, written by the real tracker and stage runner ----------------------------------------------------

    private void writeState(PipelineSpecs specs) {
        DependencyTracker tracker = TrackerFactory.tracker(context);
        DatasetSchema schema = DatasetSchema.of(List.of(new DatasetSchema.Column("order_id", "BIGINT", false)));
        for (String date : List.of("2026-11-19", "2026-11-20")) {
            tracker.onDataReady(EventEnvelope.of("test/shop", "orders_drop/date=" + date, "corr-" + date, new DataReady("orders_drop",
                    Partition.of("date", date), 1, URI.create("s3://drop/orders/date=" + date + "/"), null, "csv", schema, 10L, 100L,
                    Producer.team("shop-backend"))));
        }
        // orders arrived for the 21st, customers and shipments not: build_order_facts waits on them.
        tracker.onDataReady(EventEnvelope.of("test", "orders/date=2026-11-21", "corr-21", new DataReady("orders", Partition.of("date", "2026-11-21"), 1,
                null, URI.create("s3://b/datasets/orders/date=2026-11-21/_manifest.json"), "parquet", schema, 10L, 100L,
                Producer.job("extract_orders", "run-upstream"))));

        JobSpec job = specs.job("extract_orders");
        List<ReleaseRecord> releases = TrackerFactory.operations(context).releasesOf("extract_orders");
        InMemoryEventPublisher events = new InMemoryEventPublisher();
        EventCodec codec = context.codec();
        for (ReleaseRecord r : releases) {
            runIds.put(r.partition().key(), r.runId());
            JobReleased released = new JobReleased(r.runId(), r.job(), r.partition(), r.generation(), r.inputs(), r.specDigest(), r.inputsHash(),
                    r.reason(), r.missing(), job.firstStage());
            boolean fails = r.partition().key().equals("date=2026-11-19");
            StageRunner extract = runner(specs, events, Stage.EXTRACT, w -> {
                if (fails) {
                    throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, ERROR);
                }
                return StageOutput.of(List.of(new StagedOutput("orders", URI.create("s3://b/staging/extract_orders/" + r.partition().key() + "/x/"),
                        List.of(URI.create("s3://b/staging/extract_orders/" + r.partition().key() + "/x/part-0.parquet")), 42, 4200, schema)), 42);
            });
            extract.handle(inbound(codec, EventEnvelope.of("sluice/tracker", "extract_orders/" + r.partition().key(), "corr", released)));
            if (fails) {
                continue;
            }
            StagedOutput staged = new StagedOutput("orders", URI.create("s3://b/staging/extract_orders/" + r.partition().key() + "/"),
                    List.of(URI.create("s3://b/staging/extract_orders/" + r.partition().key() + "/part-0.parquet")), 42, 4200, schema);
            DataReady output = new DataReady("orders", r.partition(), 1, null,
                    URI.create("s3://b/datasets/orders/" + r.partition().key() + "/_manifest.json"), "parquet", schema, 42L, 4200L,
                    Producer.job("extract_orders", r.runId()));
            // The job's next stages in turn (transform, for its checks, then load), each fed the completion of the one before.
            for (Stage stage = job.stageAfter(job.firstStage()).orElse(null); stage != null; stage = job.stageAfter(stage).orElse(null)) {
                Stage current = stage;
                StageCompleted completed = events.data(StageCompleted.class).stream()
                        .filter(c -> c.runId().equals(r.runId()) && c.nextStage() == current).findFirst().orElseThrow();
                runner(specs, events, stage, w -> current == Stage.LOAD ? new StageOutput(List.of(), 42, List.of(output), List.of())
                        : StageOutput.of(List.of(staged), 42))
                        .handle(inbound(codec, EventEnvelope.of("sluice/" + stage.wireName(), "extract_orders/" + r.partition().key(), "corr", completed)));
            }
        }

        // Two dead letters in the extract DLQ, as the services' forwarder leaves them.
        String dlq = stack.clients().sqs().getQueueUrl(b -> b.queueName(new TopologyNames(ENV).deadLetterQueue(QueueRole.EXTRACT))).queueUrl();
        deadLetter(dlq, "{\"m\":1}", "extract_shipments", "SourceUnavailable: HTTP 503 from <i>api</i>");
        deadLetter(dlq, "{\"m\":2}", "extract_orders", "EmptyInput: no object matches");
    }

    private StageRunner runner(PipelineSpecs specs, InMemoryEventPublisher events, Stage stage, Function<StageWork, StageOutput> body) {
        StageWorker worker = new StageWorker() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public StageOutput run(StageWork work) {
                return body.apply(work);
            }
        };
        return new StageRunner(worker, specs, new DynamoDbRunStore(context.aws().dynamoDb(), context.resources().table(TableRole.RUNS)),
                new DynamoDbReleaseLedger(context.aws().dynamoDb(), context.resources().table(TableRole.RELEASES)), events, context.codec(),
                Clock.systemUTC(), Duration.ofMinutes(5), new Metrics(line -> { }, Clock.systemUTC(), Map.of()));
    }

    private static InboundMessage inbound(EventCodec codec, EventEnvelope<?> event) {
        return new InboundMessage("m-" + event.id(), "rh", codec.encode(event), Map.of(), 1, QueueRef.fromUrl("http://127.0.0.1/000000000000/q"),
                Instant.now());
    }

    private void deadLetter(String url, String body, String job, String reason) {
        stack.clients().sqs().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(Map.of(
                "job", attr(job), "type", attr("sluice.job-released"), DeadLetter.ERROR_REASON, attr(reason),
                DeadLetter.ERROR_CLASS, attr("Poison"))));
    }

    private static MessageAttributeValue attr(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    // ---- the browser ----------------------------------------------------------------------------------------------

    private void open(ConsoleServer server, String path) {
        browser.get(server.address() + path.substring(1));
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private WebElement cell(String partition) {
        return browser.findElement(By.cssSelector("#grid td[data-partition='" + partition + "']"));
    }

    @Test
    void theDagAndTheGridShowWaitingSucceededAndFailedPartitionsAndClickThroughToTheRun() throws Exception {
        open(readOnly, "/");
        assertThat(browser.findElement(By.cssSelector("#dag a[data-job='extract_orders']")).getAttribute("data-health")).isEqualTo("failed");
        assertThat(browser.findElement(By.cssSelector("#dag a[data-job='build_order_facts']")).getAttribute("data-health")).isEqualTo("waiting");
        screenshot("dag");

        browser.findElement(By.linkText("build_order_facts")).click();
        WebElement waiting = cell("date=2026-11-21");
        assertThat(waiting.getAttribute("data-state")).isEqualTo("waiting");
        assertThat(waiting.getText()).contains("waiting on", "customers[date=2026-11-21]", "shipments[date=2026-11-21]");

        open(readOnly, "/jobs/extract_orders");
        screenshot("grid");
        WebElement succeeded = cell("date=2026-11-20");
        assertThat(succeeded.getAttribute("data-state")).isEqualTo("succeeded");
        assertThat(cell("date=2026-11-19").getAttribute("data-state")).isEqualTo("failed");

        succeeded.findElement(By.cssSelector("a.run")).click();
        assertThat(browser.getTitle()).startsWith("Run " + runIds.get("date=2026-11-20"));
        assertThat(browser.findElement(By.id("run-state")).getText()).isEqualTo("succeeded");
        assertThat(browser.findElement(By.id("stages")).getText()).contains("extract", "load", "succeeded", "42");
        assertThat(browser.findElement(By.id("lineage")).getText()).contains("orders_drop[date=2026-11-20] v1", "orders[date=2026-11-20] v1 42 rows");
        assertThat(browser.findElement(By.id("log-command")).getText()).contains("filter runId = \"" + runIds.get("date=2026-11-20") + "\"");
    }

    @Test
    void aFailedRunShowsItsErrorEscapedAndIsListedAmongTheProblems() throws Exception {
        open(readOnly, "/jobs/extract_orders");
        cell("date=2026-11-19").findElement(By.cssSelector("a.run")).click();
        screenshot("run-failed");
        assertThat(browser.findElement(By.id("run-state")).getText()).isEqualTo("failed");
        assertThat(browser.findElement(By.id("run-error")).getText()).isEqualTo("SourceRequestRejected: " + ERROR);
        assertThat(browser.findElements(By.cssSelector("#run-error b"))).as("the error's markup is text, not HTML").isEmpty();
        assertThat(browser.findElement(By.id("run-alert")).getText()).contains("consoleit-sluice-alerts", "failed in extract");

        open(readOnly, "/problems");
        assertThat(browser.findElement(By.id("problems")).getText()).contains("extract_orders", "date=2026-11-19", "failed", ERROR);
    }

    @Test
    void aDlqDryRunListsTheMessagesAndTheRedriveIsRefusedWithoutTheFlagAndDoneConfirmedWithIt() throws Exception {
        open(readOnly, "/dlq");
        assertThat(browser.findElement(By.cssSelector("td.dlq-depth[data-queue='extract']")).getText()).isEqualTo("2");
        browser.findElement(By.linkText("extract")).click();
        assertThat(browser.findElement(By.id("letters")).getText()).contains("extract_shipments", "SourceUnavailable: HTTP 503 from <i>api</i>",
                "extract_orders", "EmptyInput");

        browser.findElements(By.cssSelector("form.filters")).get(1).findElement(By.name("job")).sendKeys("extract_shipments");
        browser.findElements(By.cssSelector("form.filters")).get(1).submit();
        screenshot("dlq-dry-run");
        assertThat(browser.findElement(By.id("dry-run-summary")).getText()).isEqualTo("Dry run: would redrive 1 message(s) to consoleit-sluice-extract.");
        assertThat(browser.findElement(By.id("dry-run")).getText()).contains("extract_shipments").doesNotContain("extract_orders");
        assertThat(browser.findElement(By.id("changes-off")).getText()).contains("started without --allow-changes");
        assertThat(browser.findElements(By.id("redrive-form"))).isEmpty();

        // A forged post to the console without the flag is refused, and the DLQ keeps both messages.
        RawHttp forged = RawHttp.send(readOnly.port(), "POST", "/dlq/extract/redrive", Map.of(), "confirm=yes&job=extract_shipments");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("state-changing actions are off");
        open(readOnly, "/dlq");
        assertThat(browser.findElement(By.cssSelector("td.dlq-depth[data-queue='extract']")).getText()).isEqualTo("2");

        // With the flag: dry run, confirm, redrive.
        open(withChanges, "/dlq/extract/redrive?job=extract_shipments");
        WebElement form = browser.findElement(By.id("redrive-form"));
        form.findElement(By.name("confirm")).click();
        form.findElement(By.cssSelector("button[type='submit']")).click();
        // The click submits the form; the result page arrives when it arrives.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("redrive-summary")));
        assertThat(browser.findElements(By.id("redrive-summary"))).as(browser.getPageSource()).hasSize(1);
        assertThat(browser.findElement(By.id("redrive-summary")).getText()).isEqualTo("Redrove 1 message(s) to consoleit-sluice-extract.");
        List<String> left = new ArrayList<>();
        open(withChanges, "/dlq/extract");
        browser.findElements(By.cssSelector("#letters tr.letter")).forEach(r -> left.add(r.getText()));
        assertThat(left).singleElement().asString().contains("extract_orders");
    }
}
