package dev.sluice.example;

import dev.sluice.spec.topology.TopologyOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Crashes the services while the pipeline runs: at seeded random moments it kills a seeded random replica with
 * SIGKILL and starts it again a moment later, and once (after the second kill) cuts the services' link to the AWS stack
 * for a while. The same seed gives the same victims, pauses and outage; where in the pipeline's progress each kill
 * lands depends on timing as well, so a seed makes a run comparable, not identical.
 */
public final class FaultInjector implements AutoCloseable {
    /** What one run of faults did. */
    public record Report(long seed, int kills, int outages, List<String> events) {
    }

    /** How long a crashed replica's work stays claimed: its message's visibility and its stage lease. */
    public static final Duration CLAIM = Duration.ofSeconds(10);

    /**
     * The settings under which crashes cost seconds, not minutes: a message in work stays invisible for {@link #CLAIM}
     * (renewed while its holder lives), a stage claim lasts as long, a release being published is taken over after 5 s, and pollers back off at most 5 s from an
     * unreachable stack. Production keeps the defaults (docs/configuration.md), where a crash costs up to the
     * visibility timeout and the stage lease.
     */
    public static Map<String, String> quickRecovery(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        out.put("SLUICE_POLLER_VISIBILITY_TIMEOUT", CLAIM.toSeconds() + "s");
        out.put("SLUICE_STAGE_LEASE", CLAIM.toSeconds() + "s");
        // A tracker that dies between its release write and its publish: the redelivery (after CLAIM) takes over.
        out.put("SLUICE_TRACKER_PUBLISH_LEASE", "5s");
        out.put("SLUICE_POLLER_BACKOFF_MAX", "5s");
        return out;
    }

    /** The topology under {@link #quickRecovery}: the queues' own visibility timeout is {@link #CLAIM} too. */
    public static TopologyOptions quickRecoveryTopology(String env) {
        TopologyOptions d = TopologyOptions.defaults(env);
        return new TopologyOptions(env, d.maxReceiveCount(), (int) CLAIM.toSeconds(), d.dlqRetentionSeconds());
    }

    private final ServiceProcesses fleet;
    private final EmulatorLink link;
    private final long seed;
    private final int maxKills;
    private final Duration outage;
    private final Consumer<String> progress;
    private final List<String> events = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private int kills;
    private int outages;

    /**
     * @param link     the link to cut once, or {@code null} for kills only
     * @param maxKills kills before it stops by itself
     * @param outage   how long the link stays cut
     */
    public FaultInjector(ServiceProcesses fleet, EmulatorLink link, long seed, int maxKills, Duration outage, Consumer<String> progress) {
        this.fleet = fleet;
        this.link = link;
        this.seed = seed;
        this.maxKills = maxKills;
        this.outage = outage;
        this.progress = progress;
        this.thread = Thread.ofPlatform().daemon().name("fault-injector").unstarted(this::run);
    }

    public FaultInjector start() {
        log("fault injection: seed " + seed + ", up to " + maxKills + " SIGKILLs" + (link == null ? "" : ", one " + outage.toSeconds()
                + " s cut of the link to the AWS stack"));
        thread.start();
        return this;
    }

    private void run() {
        Random random = new Random(seed);
        long start = System.nanoTime();
        List<ServiceProcesses.Replica> replicas = fleet.replicas();
        try {
            while (!stopped && kills < maxKills) {
                Thread.sleep(1_500 + random.nextInt(3_500));
                if (stopped) {
                    return;
                }
                ServiceProcesses.Replica victim = replicas.get(random.nextInt(replicas.size()));
                String who = victim.toString();
                fleet.kill(victim);
                kills++;
                log(String.format("%5.1f s  kill %d: SIGKILL %s", (System.nanoTime() - start) / 1e9, kills, who));
                Thread.sleep(500 + random.nextInt(1_500));
                fleet.restart(victim);
                log(String.format("%5.1f s  restarted %s", (System.nanoTime() - start) / 1e9, victim));
                if (link != null && outages == 0 && kills == 2) {
                    outages++;
                    log(String.format("%5.1f s  cut the link to the AWS stack for %d s", (System.nanoTime() - start) / 1e9, outage.toSeconds()));
                    link.cut(outage);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void log(String line) {
        events.add(line);
        progress.accept(line);
    }

    /** Stops injecting (a kill in progress completes with its restart) and reports what happened. */
    public Report stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A replica killed just before the interrupt is started again, so the fleet is whole.
        fleet.restartKilled();
        synchronized (this) {
            return new Report(seed, kills, outages, List.copyOf(events));
        }
    }

    @Override
    public void close() {
        if (!stopped) {
            stop();
        }
    }
}
