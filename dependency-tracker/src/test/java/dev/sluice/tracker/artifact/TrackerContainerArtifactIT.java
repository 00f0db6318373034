package dev.sluice.tracker.artifact;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.JobReleased;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.localstack.ServiceArtifacts;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.TestTopology;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The tracker in container mode from its packaged artifact alone, in its own process against the local stack: the
 * health endpoints report live, then ready; it releases jobs; SIGTERM stops it gracefully.
 */
@AwsIntegrationTest
class TrackerContainerArtifactIT {
    private static final String MAIN = "dev.sluice.tracker.TrackerService";
    private final AwsStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TrackerContainerArtifactIT(AwsStack stack) {
        this.stack = stack;
    }

    @Test
    void probesReportReadyItReleasesJobsAndSigtermStopsItCleanly(@TempDir Path dir) throws Exception {
        String env = "artifactit";
        TestTopology.provision(stack.clients(), TestTopology.fixtureSpecs(), env);
        Path unzipped = ServiceArtifacts.unzip(TrackerLambdaArtifactIT.ZIP, dir.resolve("task"));
        int port = freePort();
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put(ServiceSettings.ENV, env);
        settings.put(ServiceSettings.SPECS_DIR, Path.of(getClass().getResource("/specs/tracker").toURI()).toString());
        settings.put(ContainerService.HEALTH_PORT, Integer.toString(port));
        settings.put("SLUICE_POLLER_POLL_TIMEOUT", "1s");
        settings.put("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "2s");
        settings.put("SLUICE_LOG_FORMAT", "text");
        Path log = dir.resolve("tracker.log");

        Process tracker = ServiceArtifacts.start(unzipped, MAIN, settings, log);
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("test-publisher", settings), Clock.systemUTC())) {
            assertThat(eventuallyStatus(port, "/health/ready", 200, tracker)).as(logOf(log)).isEqualTo(200);
            assertThat(status(port, "/health/live")).isEqualTo(200);

            dev.sluice.runtime.events.SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), "treasury")
                    .publish(Destination.DATA_READY, dataReady("fx", date("2026-11-19"), 1));
            dev.sluice.runtime.events.SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), "shop")
                    .publish(Destination.DATA_READY, dataReady("orders", date("2026-11-20"), 1));
            List<Message> transform = receive(context.resources().queueUrl(QueueRole.TRANSFORM), 2);
            assertThat(transform).extracting(m -> new EventCodec().decode(m.body(), JobReleased.class).data().job())
                    .containsExactlyInAnyOrder("convert", "pin");

            tracker.destroy(); // SIGTERM
            assertThat(tracker.waitFor(60, TimeUnit.SECONDS)).as(logOf(log)).isTrue();
            assertThat(tracker.exitValue()).as("128 + SIGTERM, after the shutdown hook ran").isEqualTo(143);
            assertThat(logOf(log)).contains("dependency-tracker asked to stop (SIGTERM or Ctrl-C)")
                    .contains("stopped the poller of")
                    .contains("dependency-tracker stopped");
        } finally {
            tracker.destroyForcibly();
        }
    }

    /** Polls {@code path} until it answers {@code wanted} (up to 90 s, the first start of a JVM on a busy machine). */
    private int eventuallyStatus(int port, String path, int wanted, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                last = status(port, path);
                if (last == wanted) {
                    return last;
                }
            } catch (ConnectException e) {
                last = -1; // not listening yet
            }
            Thread.sleep(200);
        }
        return last;
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<Message> receive(String queueUrl, int expected) {
        List<Message> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && all.size() < expected) {
            List<Message> batch = stack.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages();
            all.addAll(batch);
            batch.forEach(m -> stack.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String logOf(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }
}
