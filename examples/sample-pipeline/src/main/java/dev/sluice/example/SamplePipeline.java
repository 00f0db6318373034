package dev.sluice.example;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.contracts.PublishedOutput;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.runtime.stage.DynamoDbRunStore;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.RunStore;
import dev.sluice.runtime.topology.TopologyProvisioner;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyDeriver;
import dev.sluice.spec.topology.TopologyNames;
import dev.sluice.spec.topology.TopologyOptions;
import dev.sluice.tracker.store.DynamoDbTrackerStore;
import dev.sluice.tracker.store.ReleaseRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs the sample pipeline on a {@link LocalPlatform}: provisions the topology from the specs, loads the
 * generated sources, starts the four services in container mode, publishes the upstream data-ready
 * events, and follows the job partitions until they all succeed (or one fails, or time runs out).
 */
public final class SamplePipeline implements AutoCloseable {
    public static final List<String> DAILY_JOBS = List.of("extract_orders", "extract_customers", "extract_shipments", "build_order_facts");
    public static final String ROLLUP = "rollup_weekly_revenue";

    private final LocalPlatform platform;
    private final SampleData data;
    private final Path specs;
    private final String env;
    private final Consumer<String> progress;
    private final List<ServiceContext> contexts = new ArrayList<>();
    private ServiceFleet services = new InProcessServices();
    private TopologyOptions topologyOptions;
    private UnaryOperator<Map<String, String>> serviceSettings = UnaryOperator.identity();
    private ServiceContext upstream;
    private DynamoDbTrackerStore releases;
    private RunStore runs;

    public SamplePipeline(LocalPlatform platform, SampleData data, Path specs, String env, Consumer<String> progress) {
        this.platform = platform;
        this.data = data;
        this.specs = specs;
        this.env = env;
        this.progress = progress;
        this.topologyOptions = TopologyOptions.defaults(env);
    }

    /** Runs the services with {@code fleet} (by default all in this JVM, {@link InProcessServices}); call before {@link #start()}. */
    public SamplePipeline services(ServiceFleet fleet) {
        this.services = fleet;
        return this;
    }

    /** Provisions with {@code options} instead of the defaults (for example shorter visibility timeouts); before {@link #start()}. */
    public SamplePipeline topology(TopologyOptions options) {
        this.topologyOptions = options;
        return this;
    }

    /** Changes the services' settings (and only theirs, not the sample's own clients); before {@link #start()}. */
    public SamplePipeline serviceSettings(UnaryOperator<Map<String, String>> change) {
        this.serviceSettings = change;
        return this;
    }

    /** One job partition's final state. */
    public record PartitionState(String job, String partition, String state, long rows, List<String> outputs, String detail) {
        public boolean succeeded() {
            return state.equals("succeeded");
        }

        public boolean failed() {
            return state.equals("failed");
        }
    }

    /** Provisions, loads the sources and starts the services. */
    public SamplePipeline start() {
        PipelineSpecs pipeline = PipelineSpecs.load(specs);
        topology = new TopologyDeriver().derive(pipeline, topologyOptions);
        var aws = platform.stack().clients();
        new TopologyProvisioner(aws.sns(), aws.sqs(), aws.dynamoDb(), aws.s3()).provision(topology);
        progress.accept("provisioned " + topology.queues().size() + " queues (+ DLQs), " + topology.topics().size() + " topics, "
                + topology.tables().size() + " tables from " + specs);

        long t0 = System.nanoTime();
        String bucket = topology.buckets().getFirst();
        for (LocalDate date : data.dates()) {
            SampleSources.uploadOrders(aws, bucket, data, date);
        }
        SampleSources.loadWarehouse(platform.postgres(), platform.warehousePassword(), data);
        String blocklist = SampleSources.uploadBlocklist(aws, bucket, data, platform.workDir());
        progress.accept(String.format("generated sources in %.1f s: %,d orders in S3 CSV drops, %,d customer snapshot rows in PostgreSQL, "
                + "%,d blocked customers; shipments served by the API", (System.nanoTime() - t0) / 1e9,
                (long) data.days() * data.ordersPerDay(), (long) data.days() * data.customers(), data.blocklist().size()));

        Map<String, String> settings = platform.serviceSettings(env, specs);
        upstream = context("upstream", settings);
        releases = new DynamoDbTrackerStore(upstream.aws().dynamoDb(), upstream.resources().table(TableRole.DATASET_VERSIONS),
                upstream.resources().table(TableRole.RELEASES));
        runs = new DynamoDbRunStore(upstream.aws().dynamoDb(), upstream.resources().table(TableRole.RUNS));
        this.blocklistUri = URI.create(blocklist);

        t0 = System.nanoTime();
        String started = services.start(serviceSettings.apply(settings));
        progress.accept(String.format("started %s in %.1f s", started, (System.nanoTime() - t0) / 1e9));
        return this;
    }

    private URI blocklistUri;
    private Topology topology;

    /** The topology provisioned by {@link #start()}. */
    public Topology topology() {
        return topology;
    }

    private ServiceContext context(String service, Map<String, String> settings) {
        ServiceContext context = new ServiceContext(ServiceSettings.fromMap(service, settings), Clock.systemUTC());
        contexts.add(context);
        return context;
    }

    /**
     * Does what the upstream teams would: the fraud team publishes the blocklist once; each day the shop's backend
     * drops its orders' {@code _SUCCESS} marker (a file arrival: S3's notification is the data-ready), and the CRM team
     * and the carrier publish their data-ready events. The morning_close clock needs nobody: the tracker ticks it.
     */
    public void publishUpstreamEvents() {
        String bucket = upstream.resources().bucket();
        publish("blocklist", Partition.NONE, blocklistUri, "parquet", "fraud-team");
        for (LocalDate date : data.dates()) {
            Partition p = Partition.of("date", date.toString());
            orderMarkers.put(date, fileDrops().put(bucket, "raw/orders/date=" + date + "/_SUCCESS", new byte[0]));
            publish("crm_snapshot", p, URI.create("jdbc:postgresql://warehouse/customers?snapshot_date=" + date), "table", "crm-team");
            publish("shipments_feed", p, URI.create(platform.api().baseUri() + "/shipments?date=" + date), "json", "logistics-partner");
        }
        progress.accept("published data-ready for blocklist and " + data.days() + " days of crm_snapshot and shipments_feed; dropped "
                + data.days() + " orders _SUCCESS markers (file arrivals)");
    }

    private final Map<LocalDate, String> orderMarkers = new LinkedHashMap<>();

    /** The S3 notification of each day's orders marker, as published (a test may deliver one again). */
    public Map<LocalDate, String> orderMarkers() {
        return orderMarkers;
    }

    /** The data bucket with its object-created notifications to the file-arrivals topic (stood in for locally). */
    public S3ObjectCreated fileDrops() {
        return new S3ObjectCreated(upstream.aws().s3(), upstream.aws().sns(),
                upstream.resources().topicArn(new TopologyNames(env).fileArrivalsTopic()));
    }

    private void publish(String dataset, Partition p, URI location, String format, String team) {
        DataReady ready = new DataReady(dataset, p, 1, location, null, format, DatasetSchema.of(List.of()), null, null, Producer.team(team));
        // Each upstream team publishes to its own ingress topic, the only one the tracker takes its datasets from.
        SnsEventPublisher.forTeam(upstream.aws().sns(), upstream.resources(), upstream.codec(), team).publish(Destination.DATA_READY,
                EventEnvelope.of("sample/" + team, dataset + "/" + p.key(), "sample-" + dataset + "-" + p.key(), ready));
    }

    /** The job partitions the sample must complete. */
    public List<String[]> expected() {
        List<String[]> out = new ArrayList<>();
        for (int d = 0; d < data.days(); d++) {
            String key = Partition.of("date", data.day(d).toString()).key();
            for (String job : DAILY_JOBS) {
                out.add(new String[] {job, key});
            }
            if (d >= 6) {
                out.add(new String[] {ROLLUP, key});
            }
        }
        return out;
    }

    /** The current state of every expected job partition. */
    public List<PartitionState> states() {
        Map<String, ReleaseRecord> byKey = new LinkedHashMap<>();
        for (String job : List.of("extract_orders", "extract_customers", "extract_shipments", "build_order_facts", ROLLUP)) {
            releases.releasesOf(job).forEach(r -> byKey.put(job + "|" + r.partition().key(), r));
        }
        List<PartitionState> out = new ArrayList<>();
        for (String[] e : expected()) {
            ReleaseRecord r = byKey.get(e[0] + "|" + e[1]);
            if (r == null) {
                out.add(new PartitionState(e[0], e[1], "pending", 0, List.of(), "no input yet"));
            } else if (r.state() == ReleaseRecord.State.WAITING) {
                out.add(new PartitionState(e[0], e[1], "waiting", 0, List.of(), "waiting on inputs"));
            } else {
                RunRecord run = runs.run(r.runId()).orElse(null);
                if (run == null) {
                    out.add(new PartitionState(e[0], e[1], "released", 0, List.of(), "run " + r.runId()));
                } else {
                    long rows = run.outputs().stream().mapToLong(PublishedOutput::rowCount).sum();
                    List<String> outputs = run.outputs().stream().map(o -> o.manifest() == null ? o.dataset() : o.manifest().toString()).toList();
                    out.add(new PartitionState(e[0], e[1], run.state().name().toLowerCase(), rows, outputs,
                            run.error() != null ? run.error() : "run " + run.runId() + " gen " + run.generation()));
                }
            }
        }
        return out;
    }

    /** Waits until every expected partition succeeded; false on a failure ({@code failFast}) or at the timeout. */
    public boolean awaitCompletion(Duration timeout, boolean failFast) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<PartitionState> states = states();
            long succeeded = states.stream().filter(PartitionState::succeeded).count();
            long failed = states.stream().filter(PartitionState::failed).count();
            long running = states.stream().filter(s -> s.state().equals("running") || s.state().equals("released")).count();
            long waiting = states.size() - succeeded - failed - running;
            String line = String.format("%5.0f s  succeeded %d/%d  running %d  waiting %d  failed %d",
                    (System.nanoTime() - start) / 1e9, succeeded, states.size(), running, waiting, failed);
            if (!line.substring(8).equals(last)) {
                progress.accept(line);
                last = line.substring(8);
            }
            if (succeeded == states.size()) {
                return true;
            }
            if (failFast && failed > 0) {
                return false;
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    /** Every version the tracker recorded of {@code dataset}. */
    public List<dev.sluice.tracker.store.DatasetVersion> versionsOf(String dataset) {
        return releases.versionsOf(dataset);
    }

    /** Every release record of {@code job} (one per partition). */
    public List<ReleaseRecord> releasesOf(String job) {
        return releases.releasesOf(job);
    }

    /** The runs of {@code job} (at most 1,000), newest first. */
    public List<RunRecord> runsOf(String job) {
        return runs.runsOf(job, 1_000);
    }

    public ServiceContext upstream() {
        return upstream;
    }

    @Override
    public void close() {
        services.close();
        contexts.forEach(ServiceContext::close);
    }
}
