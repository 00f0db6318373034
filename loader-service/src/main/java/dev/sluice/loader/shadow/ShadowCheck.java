package dev.sluice.loader.shadow;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.compare.CompareOptions;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.ComparisonReport.RowDifference;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.ShadowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The decisions of a shadow run, apart from the I/O: where the legacy output of a partition is, how to compare (the
 * job's key, the legacy rows of the partition), what the run records, and whether to alert.
 *
 * <p>The shadow output is the left side of the comparison and the legacy output the right side.
 */
public final class ShadowCheck {

    /** Differing rows a comparison samples: as many keys as a run records. */
    static final int SAMPLE = ShadowResult.MAX_KEYS;

    private ShadowCheck() {
    }

    /**
     * What to compare for one partition.
     *
     * @param dataset the shadow dataset
     * @param legacy  the legacy side, resolved for the partition
     * @param options the job's key; for a JDBC legacy table, a filter on the columns named after the dimensions
     */
    public record Plan(String dataset, DatasetRef legacy, CompareOptions options) {
        public Plan {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(legacy, "legacy");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * The plan of {@code job}'s shadow comparison for {@code partition}, or empty for a job not in shadow mode.
     *
     * @param bucket the environment's bucket, for {@code s3://{bucket}/} templates
     * @throws ClassifiedException {@code InvalidSpec} when the legacy location cannot be resolved for the partition, or
     *                             {@code LocationRefused} when a partition value would lead it out of the template's prefix
     */
    public static Optional<Plan> plan(JobSpec job, Partition partition, String bucket) {
        ShadowSpec shadow = job.shadow();
        if (shadow == null) {
            return Optional.empty();
        }
        String dataset = job.outputs().getFirst().dataset();
        String resolved;
        try {
            resolved = shadow.legacyFor(partition.dimensions(), bucket);
        } catch (IllegalArgumentException e) {
            throw new ClassifiedException(ErrorClass.INVALID_SPEC, "job " + job.name() + ": " + e.getMessage());
        }
        if (shadow.isJdbc()) {
            DatasetRef legacy = parse(job, resolved);
            return Optional.of(new Plan(dataset, legacy, new CompareOptions(shadow.key(), SAMPLE, null,
                    partitionFilter(partition.dimensions()))));
        }
        String template = shadow.legacy().strip();
        String fixed = shadow.fixedPrefix(bucket);
        List<String> segments = Arrays.asList(resolved.substring("s3://".length()).split("/", -1));
        if (!resolved.startsWith(fixed) || segments.contains("..") || segments.contains(".") || resolved.contains("?")
                || resolved.contains("#")) {
            throw new ClassifiedException(ErrorClass.LOCATION_REFUSED, "job " + job.name() + ": shadow.legacy '" + template
                    + "' resolves to '" + resolved + "' for partition " + partition.key() + ", which leaves its prefix " + fixed);
        }
        return Optional.of(new Plan(dataset, parse(job, resolved), new CompareOptions(shadow.key(), SAMPLE, null, null)));
    }

    /** {@code "date" = '2026-11-20' AND ...}: the rows of the partition in a legacy table. */
    static String partitionFilter(Map<String, String> dimensions) {
        List<String> terms = new ArrayList<>();
        dimensions.forEach((name, value) -> terms.add("\"" + name.replace("\"", "\"\"") + "\" = '" + value.replace("'", "''") + "'"));
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    private static DatasetRef parse(JobSpec job, String location) {
        try {
            return DatasetRef.parse(location, "jobs." + job.name() + ".shadow.legacy");
        } catch (InvalidSettingsException e) {
            throw new ClassifiedException(ErrorClass.INVALID_SPEC, e.getMessage());
        }
    }

    /** What the run records of a comparison that was made. */
    public static ShadowResult result(Plan plan, ComparisonReport report) {
        if (report.equal()) {
            return new ShadowResult(ShadowResult.Outcome.EQUAL, plan.dataset(), plan.legacy().toString(), report.summary(), List.of());
        }
        List<Map<String, String>> keys = new ArrayList<>();
        for (RowDifference row : report.rows().sample()) {
            Map<String, String> key = new LinkedHashMap<>(row.key());
            key.put("_difference", row.kind());
            keys.add(key);
        }
        return new ShadowResult(ShadowResult.Outcome.DIFFERENT, plan.dataset(), plan.legacy().toString(), report.summary(), keys);
    }

    /** What the run records when the comparison could not be made (e.g. no legacy data for the partition). */
    public static ShadowResult error(Plan plan, ClassifiedException failure) {
        return new ShadowResult(ShadowResult.Outcome.ERROR, plan.dataset(), plan.legacy().toString(),
                "error: " + failure.errorClass().wireName() + ": " + failure.getMessage(), List.of());
    }

    /** The alert of a result: a {@code shadow-difference} for a difference, a warning for an error, none when equal. */
    public static Optional<Alert> alert(ShadowResult result, String job, Partition partition, String runId) {
        return switch (result.outcome()) {
            case EQUAL -> Optional.empty();
            case DIFFERENT -> Optional.of(Alert.shadowDifference(job, partition, runId, result.dataset(), "shadow output "
                    + result.dataset() + " " + partition.key() + " differs from " + result.legacy() + ": " + result.summary()
                    + (result.differingKeys().isEmpty() ? "" : "; e.g. keys " + result.differingKeys())));
            case ERROR -> Optional.of(Alert.warning(job, partition, runId, result.dataset(), "shadow output " + result.dataset()
                    + " " + partition.key() + " could not be compared with " + result.legacy() + ": " + result.summary()));
        };
    }
}
