package dev.sluice.loader.s3;

import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.PluginSettings;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetFactory;
import dev.sluice.spec.model.ComponentSpec;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: s3-parquet}: an extra copy of the output as a Parquet dataset with manifests, beside the dataset's own
 * location (which is always written).
 *
 * <pre>{@code
 * targets:
 *   - type: s3-parquet
 *     bucket: partner-exports      # default: the environment's bucket
 *     prefix: shared/datasets      # default: datasets
 * }</pre>
 * Its pointer is the greatest manifest of each partition ({@link ManifestListingVersionStore}).
 */
public final class S3ParquetTargetFactory implements TargetFactory {

    public static final String TYPE = "s3-parquet";
    /** The prefix of every dataset's own location. */
    public static final String DEFAULT_PREFIX = StagingLayout.DATASETS_ROOT;

    static final Set<String> KNOWN = Set.of("bucket", "prefix");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._=+:/-]*");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LoadTarget create(ComponentSpec spec, TargetContext context) {
        PluginSettings s = PluginSettings.of(spec, context.settingPrefix()).onlyKnown(KNOWN);
        String bucket = s.string("bucket").orElse(context.datasetsBucket());
        if (!BUCKET.matcher(bucket).matches()) {
            throw s.invalid("bucket", "'" + bucket + "' is not a valid S3 bucket name");
        }
        String prefix = s.string("prefix").orElse(DEFAULT_PREFIX).replaceAll("^/+|/+$", "");
        if (!PREFIX.matcher(prefix).matches() || prefix.contains("//") || prefix.matches("(.*/)?\\.\\.?(/.*)?")) {
            throw s.invalid("prefix", "'" + prefix + "' is not a valid key prefix (letters, digits, . _ = + : - and /)");
        }
        if (bucket.equals(context.datasetsBucket()) && prefix.equals(DEFAULT_PREFIX)) {
            throw s.invalid("prefix", "s3://" + bucket + "/" + prefix + "/ is the dataset's own location, which is always"
                    + " written; give another bucket or prefix");
        }
        DatasetLayout layout = DatasetLayout.of(bucket, prefix);
        return new S3ParquetTarget(layout, new ManifestListingVersionStore(context::s3, layout), context.aws(),
                context.clock());
    }

    /** The dataset's own location: {@code s3://<env bucket>/datasets/}, its pointer in {@code versions}. */
    public static S3ParquetTarget datasetLocation(TargetContext context, DatasetVersionStore versions) {
        return new S3ParquetTarget(DatasetLayout.of(context.datasetsBucket(), DEFAULT_PREFIX), versions, context.aws(),
                context.clock());
    }
}
