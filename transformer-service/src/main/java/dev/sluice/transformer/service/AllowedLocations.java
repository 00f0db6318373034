package dev.sluice.transformer.service;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.InputVersion;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where an input's data may be read from (deny by default): a dataset produced by a Sluice job only under its own
 * dataset prefix {@code s3://<environment bucket>/datasets/<dataset>/}; an external dataset only under the
 * {@code locations} its spec declares ({@code s3://{bucket}/...} is the environment's bucket). An event's location, its
 * manifest and every file the manifest lists are checked before anything is downloaded, so a data-ready event cannot
 * make a stage read another team's bucket under the stage's role.
 */
final class AllowedLocations {
    private final PipelineSpecs specs;
    private final String bucket;

    AllowedLocations(PipelineSpecs specs, String bucket) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The S3 prefixes {@code dataset} may live under. */
    List<String> of(String dataset) {
        DatasetSpec spec = specs.findDataset(dataset).orElse(null);
        if (spec == null) {
            return List.of();
        }
        if (!spec.isExternal()) {
            return List.of("s3://" + bucket + "/" + StagingLayout.DATASETS_ROOT + "/" + dataset + "/");
        }
        return spec.locations().stream().map(l -> l.replace("{bucket}", bucket)).toList();
    }

    /**
     * @param field what {@code uri} is, e.g. {@code data.inputs[].manifest}
     * @throws ClassifiedException {@link ErrorClass#LOCATION_REFUSED} (not retryable) when {@code uri} is outside every
     *         prefix of the input's dataset
     */
    void check(InputVersion input, URI uri, String field) {
        List<String> allowed = of(input.dataset());
        if (!within(uri, allowed)) {
            throw new ClassifiedException(ErrorClass.LOCATION_REFUSED, "input " + input.dataset() + "[" + input.partition().key()
                    + "]: " + field + " '" + uri + "' is outside the locations dataset " + input.dataset() + " may live under "
                    + (allowed.isEmpty() ? "(none declared: an external dataset read by a transform declares 'locations:')" : allowed));
        }
    }

    private static boolean within(URI uri, List<String> prefixes) {
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return false;
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (Arrays.asList(path.split("/")).contains("..") || path.contains("//")) {
            return false;
        }
        String text = "s3://" + uri.getHost() + path;
        return prefixes.stream().anyMatch(text::startsWith);
    }
}
