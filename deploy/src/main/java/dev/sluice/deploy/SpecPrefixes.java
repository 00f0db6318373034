package dev.sluice.deploy;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.JobSpec;
import java.util.List;
import java.util.TreeSet;

/**
 * The S3 prefixes the specs name outside Sluice's own {@code staging/} and {@code datasets/}: what the extractor's
 * {@code s3} sources read and the external datasets' declared {@code locations:} (which the transformer reads). The
 * roles get exactly these prefixes, nothing else of any bucket.
 *
 * @param sourceObjects  the extract sources' objects, as {@code bucket/prefix*} ({@code {bucket}}: the environment's)
 * @param externalInputs the external datasets' locations, as {@code bucket/prefix*}
 * @param shadowLegacy   the S3 legacy locations of jobs in shadow mode, which the loader compares with ({@code validate}
 *                       keeps them under declared {@code locations:}), as {@code bucket/prefix*}
 */
public record SpecPrefixes(List<String> sourceObjects, List<String> externalInputs, List<String> shadowLegacy) {

    public SpecPrefixes(List<String> sourceObjects, List<String> externalInputs) {
        this(sourceObjects, externalInputs, List.of());
    }

    /** The environment's own bucket, as specs write it. */
    public static final String OWN_BUCKET = "{bucket}";

    public static SpecPrefixes of(PipelineSpecs specs) {
        TreeSet<String> sources = new TreeSet<>();
        for (JobSpec job : specs.jobs()) {
            if (job.extract() != null && "s3".equals(job.extract().source().type())) {
                job.extract().source().string("uri").ifPresent(uri -> sources.add(objectPattern(uri)));
            }
        }
        TreeSet<String> locations = new TreeSet<>();
        for (DatasetSpec dataset : specs.datasets()) {
            dataset.locations().forEach(l -> locations.add(objectPattern(l)));
        }
        TreeSet<String> legacy = new TreeSet<>();
        for (JobSpec job : specs.jobs()) {
            job.shadowMode().filter(shadow -> !shadow.isJdbc()).ifPresent(shadow -> legacy.add(objectPattern(shadow.legacy().strip())));
        }
        return new SpecPrefixes(List.copyOf(sources), List.copyOf(locations), List.copyOf(legacy));
    }

    /**
     * {@code s3://{bucket}/raw/orders/date={date}/*.csv.gz} → {@code {bucket}/raw/orders/date=*}: the part before the
     * first template variable or wildcard after the bucket, then {@code *}.
     */
    static String objectPattern(String uri) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an S3 URI: '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        int cut = key.length();
        for (String stop : List.of("{", "*", "?", "[")) {
            int at = key.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return bucket + "/" + key.substring(0, cut) + "*";
    }

    /** The bucket part of a pattern. */
    static String bucketOf(String pattern) {
        return pattern.substring(0, pattern.indexOf('/'));
    }

    /** The key part of a pattern ({@code raw/orders/date=*}). */
    static String keyOf(String pattern) {
        return pattern.substring(pattern.indexOf('/') + 1);
    }
}
