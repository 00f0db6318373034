package dev.sluice.example.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated spec set in the shape of a warehouse migration: {@code jobs} jobs in {@link #LEVELS} levels (depth 8),
 * each job producing one daily dataset; every job of level k reads at least one dataset of level k−1, the rest of its
 * inputs from lower levels and from upstream teams' datasets. Mostly {@code same} mappings; some jobs also read the
 * previous day ({@code offset -1}) or the last 3 days ({@code window 3}) of a history dataset, the newest version of an
 * unpartitioned reference dataset ({@code latest}), or every region of a regional dataset ({@code all: [region]}).
 * Every 25th job has the maximum fan-in, {@link #MAX_FAN_IN}. Deterministic for a seed.
 *
 * <p>The history, reference and regional datasets are external and read only through those mappings, so that one
 * day's partition of the DAG needs the history of those few datasets alone, not earlier runs of the DAG.
 */
public final class ScaleDag {
    public static final int LEVELS = 8;
    public static final int MAX_FAN_IN = 16;
    public static final int EXTERNAL = 40;
    public static final int HISTORY = 10;
    public static final int REFERENCE = 3;
    public static final int REGIONAL = 4;
    public static final List<String> REGIONS = List.of("eu", "us", "apac");
    public static final int WINDOW = 3;
    /** The team that owns (and publishes) every external dataset. */
    public static final String UPSTREAM_TEAM = "upstream";
    static final double[] LEVEL_SHARE = {.20, .18, .16, .14, .12, .09, .06, .05};

    /** What was generated: the jobs with their level and inputs (dataset and mapping kind). */
    public record Generated(List<Job> jobs) {
        public long count(String mapping) {
            return jobs.stream().flatMap(j -> j.inputs().stream()).filter(i -> i.mapping().equals(mapping)).count();
        }

        public int maxFanIn() {
            return jobs.stream().mapToInt(j -> j.inputs().size()).max().orElse(0);
        }
    }

    public record Job(String name, int level, List<Input> inputs) {
        public String output() {
            return "d_" + name;
        }
    }

    /** An input: its dataset and mapping kind ({@code same}, {@code offset}, {@code window}, {@code latest}, {@code all}). */
    public record Input(String dataset, String mapping) {
        String yaml() {
            return switch (mapping) {
                case "same" -> "{dataset: " + dataset + ", mapping: same}";
                case "offset" -> "{dataset: " + dataset + ", mapping: {type: offset, dimension: date, offset: -1}}";
                case "window" -> "{dataset: " + dataset + ", mapping: {type: window, dimension: date, size: " + WINDOW + "}}";
                case "latest" -> "{dataset: " + dataset + ", mapping: latest}";
                case "all" -> "{dataset: " + dataset + ", mapping: {type: same, all: [region]}}";
                default -> throw new IllegalStateException(mapping);
            };
        }
    }

    private ScaleDag() {
    }

    public static Generated generate(int jobCount, long seed) {
        if (jobCount < LEVELS) {
            throw new IllegalArgumentException("jobs has value '" + jobCount + "': at least " + LEVELS + " (one per level)");
        }
        Random random = new Random(seed);
        int[] sizes = new int[LEVELS];
        int assigned = 0;
        for (int l = 0; l < LEVELS; l++) {
            sizes[l] = Math.max(1, (int) Math.round(jobCount * LEVEL_SHARE[l]));
            assigned += sizes[l];
        }
        sizes[0] += jobCount - assigned;
        List<List<String>> datasetsByLevel = new ArrayList<>();
        List<String> external = new ArrayList<>();
        for (int e = 0; e < EXTERNAL; e++) {
            external.add("ext_" + e);
        }
        datasetsByLevel.add(external);
        List<Job> jobs = new ArrayList<>();
        int index = 0;
        for (int level = 1; level <= LEVELS; level++) {
            List<String> produced = new ArrayList<>();
            for (int k = 0; k < sizes[level - 1]; k++, index++) {
                String name = String.format("j%03d_l%d", index, level);
                Set<String> chosen = new LinkedHashSet<>();
                List<Input> inputs = new ArrayList<>();
                List<String> previous = datasetsByLevel.get(level - 1);
                String first = previous.get(random.nextInt(previous.size()));
                chosen.add(first);
                inputs.add(new Input(first, "same"));
                int fanIn = index % 25 == 7 ? MAX_FAN_IN : 1 + random.nextInt(5);
                double extra = random.nextDouble();
                Input special = null;
                if (extra < 0.08) {
                    special = new Input("hist_" + random.nextInt(HISTORY), "offset");
                } else if (extra < 0.13) {
                    special = new Input("hist_" + random.nextInt(HISTORY), "window");
                } else if (extra < 0.18) {
                    special = new Input("ref_" + random.nextInt(REFERENCE), "latest");
                } else if (extra < 0.21) {
                    special = new Input("reg_" + random.nextInt(REGIONAL), "all");
                }
                int sameInputs = fanIn - (special == null ? 0 : 1);
                int guard = 0;
                while (inputs.size() < sameInputs && guard++ < 1000) {
                    List<String> from = datasetsByLevel.get(random.nextInt(level));
                    String d = from.get(random.nextInt(from.size()));
                    if (chosen.add(d)) {
                        inputs.add(new Input(d, "same"));
                    }
                }
                if (special != null) {
                    inputs.add(special);
                }
                Job job = new Job(name, level, List.copyOf(inputs));
                jobs.add(job);
                produced.add(job.output());
            }
            datasetsByLevel.add(produced);
        }
        return new Generated(List.copyOf(jobs));
    }

    /** Where an external dataset's data-ready events may point: {@code s3://{bucket}/upstream/<dataset>/}. */
    public static String location(String dataset) {
        return "upstream/" + dataset + "/";
    }

    private static String locations(String dataset) {
        return "locations: [\"s3://{bucket}/" + location(dataset) + "\"]";
    }

    /** Writes {@code generated} as a spec directory: {@code datasets.yaml}, {@code jobs.yaml} and one SQL file. */
    public static void write(Generated generated, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sql"));
        StringBuilder d = new StringBuilder("datasets:\n");
        String daily = ", partitioning: [{name: date, type: date}]}\n";
        for (int e = 0; e < EXTERNAL; e++) {
            d.append("  - {name: ext_").append(e).append(", owner: ").append(UPSTREAM_TEAM).append(", external: true, ").append(locations("ext_" + e)).append(daily);
        }
        for (int h = 0; h < HISTORY; h++) {
            d.append("  - {name: hist_").append(h).append(", owner: ").append(UPSTREAM_TEAM).append(", external: true, ").append(locations("hist_" + h)).append(daily);
        }
        for (int r = 0; r < REFERENCE; r++) {
            d.append("  - {name: ref_").append(r).append(", owner: ").append(UPSTREAM_TEAM).append(", external: true, ").append(locations("ref_" + r)).append("}\n");
        }
        for (int r = 0; r < REGIONAL; r++) {
            d.append("  - {name: reg_").append(r).append(", owner: ").append(UPSTREAM_TEAM).append(", external: true, ").append(locations("reg_" + r))
                    .append(", partitioning: [{name: date, type: date}, ")
                    .append("{name: region, type: string, values: [").append(String.join(", ", REGIONS)).append("]}]}\n");
        }
        for (Job j : generated.jobs()) {
            d.append("  - {name: ").append(j.output()).append(", owner: warehouse").append(daily);
        }
        Files.writeString(dir.resolve("datasets.yaml"), d);
        StringBuilder y = new StringBuilder("jobs:\n");
        for (Job j : generated.jobs()) {
            y.append("  - name: ").append(j.name()).append("\n    owner: warehouse\n    inputs:\n");
            for (Input i : j.inputs()) {
                y.append("      - ").append(i.yaml()).append('\n');
            }
            y.append("    outputs: [{dataset: ").append(j.output()).append(", sql: sql/q.sql}]\n");
        }
        Files.writeString(dir.resolve("jobs.yaml"), y);
        Files.writeString(dir.resolve("sql/q.sql"), "select 1 as id\n");
    }
}
