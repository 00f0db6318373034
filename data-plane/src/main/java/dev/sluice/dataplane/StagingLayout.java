package dev.sluice.dataplane;

import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where stages stage their Parquet files: {@code s3://<bucket>/staging/<job>/<partitionKey>/<runId>/<stage>/}, with
 * deterministic object names {@code part-00000.parquet}, {@code part-00001.parquet}, ... so that a retry of the same
 * run and stage overwrites the same keys instead of adding files.
 *
 * <p>The partition key is {@link Partition#key()}, e.g. {@code date=2026-11-20/region=eu}, or {@code _}.
 */
public record StagingLayout(String bucket, String root) {

    /** The default root folder. */
    public static final String DEFAULT_ROOT = "staging";
    /**
     * The root folder, in the environment's bucket, of the datasets Sluice's jobs produce: the loader publishes them
     * under {@code datasets/<dataset>/}, and the transformer reads them only there.
     */
    public static final String DATASETS_ROOT = "datasets";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:+=-]+");

    public StagingLayout {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(root, "root");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("bad staging bucket: '" + bucket + "'");
        }
        root = stripSlashes(root);
    }

    public StagingLayout(String bucket) {
        this(bucket, DEFAULT_ROOT);
    }

    /** The prefix of one stage of one run, ending with {@code /}. */
    public S3Uri prefix(String job, Partition partition, String runId, Stage stage) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(stage, "stage");
        String key = (root.isEmpty() ? "" : root + "/") + segment("job", job) + "/" + partition.key() + "/"
                + segment("runId", runId) + "/" + stage.wireName() + "/";
        return new S3Uri(bucket, key);
    }

    /** The key of the {@code index}-th file (from 0) of a stage: {@code <prefix>part-00000.parquet}. */
    public S3Uri file(String job, Partition partition, String runId, Stage stage, int index) {
        return prefix(job, partition, runId, stage).resolve(fileName(index));
    }

    /** {@code part-00000.parquet} for index 0. */
    public static String fileName(int index) {
        if (index < 0 || index > 99_999) {
            throw new IllegalArgumentException("file index out of 0..99999: " + index);
        }
        return String.format("part-%05d.parquet", index);
    }

    private static String segment(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("bad " + what + " for a staging key: '" + value + "'");
        }
        return value;
    }

    private static String stripSlashes(String text) {
        String s = text;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
