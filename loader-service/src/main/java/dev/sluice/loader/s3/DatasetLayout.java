package dev.sluice.loader.s3;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.StagingLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a published dataset lives under a base location ({@code s3://<bucket>/datasets/} by default):
 * <pre>
 * &lt;base&gt;/&lt;dataset&gt;/&lt;partition&gt;/run=&lt;runId&gt;/part-00000.parquet     the data of one run, never overwritten by another run
 * &lt;base&gt;/&lt;dataset&gt;/&lt;partition&gt;/_manifests/&lt;generation, 10 digits&gt;-&lt;runId&gt;.json
 * </pre>
 * The partition path is the Hive-style {@link Partition#key()} ({@code date=2026-11-20/region=eu}); an unpartitioned
 * dataset has none. Zero-padded generations make key order generation order, so the greatest manifest key is the
 * newest generation.
 */
public record DatasetLayout(S3Uri base) {

    private static final Pattern MANIFEST = Pattern.compile("(\\d{10})-([A-Za-z0-9._:+=-]+)\\.json");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:+=-]+");

    public DatasetLayout {
        Objects.requireNonNull(base, "base");
        if (!base.key().isEmpty() && !base.key().endsWith("/")) {
            base = base.resolve("/");
        }
    }

    /** {@code s3://<bucket>/<prefix>/}. */
    public static DatasetLayout of(String bucket, String prefix) {
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return new DatasetLayout(new S3Uri(bucket, p.isEmpty() ? "" : p + "/"));
    }

    /** The folder of one partition of a dataset. */
    public S3Uri partition(String dataset, Partition partition) {
        String key = base.key() + segment("dataset", dataset) + "/" + (partition.isUnpartitioned() ? "" : partition.key() + "/");
        return new S3Uri(base.bucket(), key);
    }

    /** The folder of one run's files: {@code .../run=<runId>/}. */
    public S3Uri run(String dataset, Partition partition, String runId) {
        return partition(dataset, partition).resolve("run=" + segment("runId", runId) + "/");
    }

    /** The {@code index}-th data file of a run. */
    public S3Uri file(String dataset, Partition partition, String runId, int index) {
        return run(dataset, partition, runId).resolve(StagingLayout.fileName(index));
    }

    /** The folder of a partition's manifests. */
    public S3Uri manifests(String dataset, Partition partition) {
        return partition(dataset, partition).resolve("_manifests/");
    }

    /** The manifest of one generation and run: {@code .../_manifests/0000000003-<runId>.json}. */
    public S3Uri manifest(String dataset, Partition partition, long generation, String runId) {
        return manifests(dataset, partition).resolve(String.format("%010d-%s.json", generation, segment("runId", runId)));
    }

    /** The generation and run of a manifest key, if it is one. */
    public static Optional<ManifestName> manifestName(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Matcher m = MANIFEST.matcher(name);
        return m.matches() ? Optional.of(new ManifestName(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    /** A manifest's generation and run, from its name. */
    public record ManifestName(long generation, String runId) {
    }

    private static String segment(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("bad " + what + " for a dataset key: '" + value + "'");
        }
        return value;
    }
}
