package dev.sluice.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./sluice demo}: the sample pipeline end to end on the local embedded stack. Exits 0 when every
 * job partition succeeded, 1 otherwise.
 */
public final class SamplePipelineMain {
    private SamplePipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        Path specs = Path.of(args.length > 0 ? args[0] : "examples/sample-pipeline/specs");
        SampleData demo = SampleData.demo();
        SampleData data = new SampleData(demo.seed(), demo.firstDay(), demo.days(),
                Integer.getInteger("sluice.sample.ordersPerDay", demo.ordersPerDay()), Integer.getInteger("sluice.sample.customers", demo.customers()));
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("sluice-demo-");
        say("Sluice sample pipeline: %d days, %,d orders/day, %,d customers; specs %s", data.days(), data.ordersPerDay(), data.customers(), specs);
        boolean ok;
        try (LocalPlatform platform = LocalPlatform.start(data, work, SamplePipelineMain::say);
             SamplePipeline pipeline = new SamplePipeline(platform, data, specs, "demo", SamplePipelineMain::say).start()) {
            pipeline.publishUpstreamEvents();
            ok = pipeline.awaitCompletion(Duration.ofMinutes(10), true);
            List<SamplePipeline.PartitionState> states = pipeline.states();
            say("");
            say("%-24s %-16s %-10s %10s  %s", "JOB", "PARTITION", "STATE", "ROWS", "OUTPUT");
            for (SamplePipeline.PartitionState s : states) {
                say("%-24s %-16s %-10s %,10d  %s", s.job(), s.partition(), s.state(), s.rows(),
                        s.outputs().isEmpty() ? s.detail() : String.join(" ", s.outputs()));
            }
            say("OpenSearch index order-facts: %s documents at %s", count(platform.openSearchUrl() + "/order-facts/_count"), platform.openSearchUrl());
        }
        say("%s in %.1f s; service logs (JSON lines with runId and correlationId): %s", ok ? "SUCCEEDED" : "FAILED",
                (System.nanoTime() - start) / 1e9, System.getenv().getOrDefault("SLUICE_LOG_FILE", "target/sluice-demo.log"));
        System.exit(ok ? 0 : 1);
    }

    private static String count(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().replaceAll(".*\"count\":(\\d+).*", "$1");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
