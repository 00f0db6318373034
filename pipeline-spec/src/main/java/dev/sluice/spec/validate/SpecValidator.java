package dev.sluice.spec.validate;

import dev.sluice.spec.load.Located;
import dev.sluice.spec.load.LoadedSpecs;
import dev.sluice.spec.load.SpecError;
import dev.sluice.spec.model.CronExpression;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.FileArrivalSpec;
import dev.sluice.spec.model.InputMapping;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.model.ScheduleSpec;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.model.TriggerSpec;
import dev.sluice.spec.partition.PartitionMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a set of loaded specs as a whole: names, references, producers, mappings, deadlines, SQL files
 * and the DAG. Returns every error, each with file, line and path; it never stops at the first.
 */
public final class SpecValidator {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    public static final Set<String> SOURCE_TYPES = Set.of("s3", "jdbc", "http");
    public static final Set<String> TARGET_TYPES = Set.of("s3-parquet", "jdbc", "opensearch");

    public List<SpecError> validate(LoadedSpecs specs) {
        List<SpecError> errors = new ArrayList<>(specs.errors());
        Map<String, Located<DatasetSpec>> datasets = uniqueDatasets(specs, errors);
        Map<String, Located<JobSpec>> jobs = uniqueJobs(specs, errors);
        Map<String, Located<JobSpec>> producers = producers(specs, jobs, datasets, errors);
        for (Located<DatasetSpec> dataset : datasets.values()) {
            checkDataset(specs, dataset, producers, errors);
        }
        for (Located<JobSpec> job : jobs.values()) {
            checkJob(specs, job, datasets, errors);
            checkShadow(specs, job, datasets, jobs, errors);
        }
        new CycleFinder(specs, jobs, producers).find().ifPresent(errors::add);
        errors.sort(SpecError.ORDER);
        return List.copyOf(errors);
    }

    private Map<String, Located<DatasetSpec>> uniqueDatasets(LoadedSpecs specs, List<SpecError> errors) {
        Map<String, Located<DatasetSpec>> byName = new LinkedHashMap<>();
        for (Located<DatasetSpec> d : specs.datasets()) {
            String name = d.value().name();
            if (!NAME.matcher(name).matches()) {
                errors.add(specs.errorAt(d, "name", "dataset name '" + name + "' must match " + NAME.pattern()));
            }
            Located<DatasetSpec> first = byName.putIfAbsent(name, d);
            if (first != null) {
                errors.add(specs.errorAt(d, "name", "duplicate dataset name '" + name + "', first declared at "
                        + first.file() + ":" + first.line()));
            }
        }
        return byName;
    }

    private Map<String, Located<JobSpec>> uniqueJobs(LoadedSpecs specs, List<SpecError> errors) {
        Map<String, Located<JobSpec>> byName = new LinkedHashMap<>();
        for (Located<JobSpec> j : specs.jobs()) {
            String name = j.value().name();
            if (!NAME.matcher(name).matches()) {
                errors.add(specs.errorAt(j, "name", "job name '" + name + "' must match " + NAME.pattern()));
            }
            Located<JobSpec> first = byName.putIfAbsent(name, j);
            if (first != null) {
                errors.add(specs.errorAt(j, "name", "duplicate job name '" + name + "', first declared at "
                        + first.file() + ":" + first.line()));
            }
        }
        return byName;
    }

    private Map<String, Located<JobSpec>> producers(LoadedSpecs specs, Map<String, Located<JobSpec>> jobs,
                                                    Map<String, Located<DatasetSpec>> datasets, List<SpecError> errors) {
        Map<String, Located<JobSpec>> producers = new HashMap<>();
        for (Located<JobSpec> job : jobs.values()) {
            List<OutputSpec> outputs = job.value().outputs();
            for (int i = 0; i < outputs.size(); i++) {
                String dataset = outputs.get(i).dataset();
                String path = "outputs[" + i + "].dataset";
                Located<DatasetSpec> declared = datasets.get(dataset);
                if (declared == null) {
                    errors.add(specs.errorAt(job, path, "unknown dataset '" + dataset + "'" + suggestion(dataset, datasets.keySet())));
                    continue;
                }
                if (declared.value().isExternal()) {
                    errors.add(specs.errorAt(job, path, "dataset '" + dataset + "' is external (published by an upstream team) and cannot be produced by job '" + job.value().name() + "'"));
                }
                Located<JobSpec> other = producers.putIfAbsent(dataset, job);
                if (other != null && other != job) {
                    errors.add(specs.errorAt(job, path, "dataset '" + dataset + "' has two producers: job '"
                            + other.value().name() + "' (" + other.file() + ":" + other.line() + ") and job '" + job.value().name() + "'"));
                }
            }
        }
        return producers;
    }

    /** An S3 prefix a dataset may live under: {@code s3://bucket/} or {@code s3://bucket/some/prefix/}. */
    private static final java.util.regex.Pattern S3_PREFIX =
            java.util.regex.Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|\\{bucket})/([A-Za-z0-9!_.*'()=+-]+/)*");

    private void checkLocations(LoadedSpecs specs, Located<DatasetSpec> d, List<SpecError> errors) {
        DatasetSpec dataset = d.value();
        if (!dataset.isExternal() && !dataset.locations().isEmpty()) {
            errors.add(specs.errorAt(d, "locations", "dataset '" + dataset.name() + "' is produced by a job: it lives under its"
                    + " dataset prefix in the environment's bucket and cannot declare locations"));
            return;
        }
        for (int i = 0; i < dataset.locations().size(); i++) {
            String location = dataset.locations().get(i);
            if (location == null || !S3_PREFIX.matcher(location).matches()
                    || java.util.Arrays.asList(location.substring(5).split("/")).contains("..")
                    || java.util.Arrays.asList(location.substring(5).split("/")).contains(".")) {
                errors.add(specs.errorAt(d, "locations[" + i + "]", "'" + location + "' is not an S3 prefix such as"
                        + " s3://bucket/raw/orders/ (s3://, a bucket name, path segments without . or .., ending with /)"));
            }
        }
    }

    /** A clock dataset: one date dimension (the tick's date), a valid cron and time zone, a bounded catch-up window. */
    private void checkSchedule(LoadedSpecs specs, Located<DatasetSpec> d, List<SpecError> errors) {
        DatasetSpec dataset = d.value();
        if (dataset.scheduleSpec().isEmpty()) {
            return;
        }
        ScheduleSpec schedule = dataset.scheduleSpec().get();
        if (dataset.partitioning().size() != 1 || (dataset.partitioning().getFirst().type() != DimensionType.DATE
                && dataset.partitioning().getFirst().type() != DimensionType.HOUR)) {
            errors.add(specs.errorAt(d, "partitioning", "schedule dataset '" + dataset.name() + "' must be partitioned by exactly one date"
                    + " dimension (a tick a day) or one hour dimension (a tick an hour), not " + dataset.dimensionNames()));
        }
        try {
            CronExpression.parse(schedule.cron());
        } catch (IllegalArgumentException e) {
            errors.add(specs.errorAt(d, "schedule.cron", "bad cron expression: " + e.getMessage()));
        }
        try {
            ZoneId.of(schedule.timeZone());
        } catch (DateTimeException e) {
            errors.add(specs.errorAt(d, "schedule.timeZone", "unknown time zone '" + schedule.timeZone() + "'"));
        }
        if (schedule.catchUp().isNegative() || schedule.catchUp().compareTo(ScheduleSpec.MAX_CATCH_UP) > 0) {
            errors.add(specs.errorAt(d, "schedule.catchUp", "catchUp must be between PT0S and " + ScheduleSpec.MAX_CATCH_UP + ", not "
                    + schedule.catchUp()));
        }
        if (!dataset.locations().isEmpty()) {
            errors.add(specs.errorAt(d, "locations", "schedule dataset '" + dataset.name() + "' holds no data, so it has no locations"));
        }
    }

    /** A file-fed dataset: external, with locations, and a key template that names each partition dimension once. */
    private void checkFileArrival(LoadedSpecs specs, Located<DatasetSpec> d, List<SpecError> errors) {
        DatasetSpec dataset = d.value();
        if (dataset.fileArrivalSpec().isEmpty()) {
            return;
        }
        FileArrivalSpec arrival = dataset.fileArrivalSpec().get();
        if (!dataset.external() || dataset.scheduleSpec().isPresent()) {
            errors.add(specs.errorAt(d, "fileArrival", "dataset '" + dataset.name() + "' is not external: only an upstream team's"
                    + " dataset can be fed by file arrivals"));
        }
        if (dataset.locations().isEmpty()) {
            errors.add(specs.errorAt(d, "fileArrival", "dataset '" + dataset.name() + "' declares no locations: a file arrival is"
                    + " accepted only under one of them"));
        }
        List<String> placeholders = arrival.template().placeholders();
        if (arrival.key().isBlank() || arrival.key().startsWith("/") || arrival.key().contains("..")) {
            errors.add(specs.errorAt(d, "fileArrival.key", "'" + arrival.key() + "' is not an S3 key template such as"
                    + " raw/orders/date={date}/_SUCCESS"));
        } else if (!new HashSet<>(placeholders).equals(new HashSet<>(dataset.dimensionNames())) || placeholders.size() != dataset.partitioning().size()) {
            errors.add(specs.errorAt(d, "fileArrival.key", "'" + arrival.key() + "' must name each partition dimension "
                    + dataset.dimensionNames() + " exactly once, not " + placeholders));
        }
        // S3 refuses a bucket's notification configuration whose filters overlap (one key, two destinations).
        for (Located<DatasetSpec> other : specs.datasets()) {
            if (other == d) {
                break;
            }
            Optional<FileArrivalSpec> earlier = other.value().fileArrivalSpec();
            if (earlier.isPresent() && arrival.template().overlaps(earlier.get().template())) {
                errors.add(specs.errorAt(d, "fileArrival.key", "'" + arrival.key() + "' overlaps dataset '" + other.value().name()
                        + "''s key '" + earlier.get().key() + "': S3 cannot send one object's notification for two file"
                        + " arrivals; give them distinct fixed prefixes or suffixes"));
            }
        }
    }

    private void checkDataset(LoadedSpecs specs, Located<DatasetSpec> d, Map<String, Located<JobSpec>> producers, List<SpecError> errors) {
        checkSchedule(specs, d, errors);
        checkFileArrival(specs, d, errors);
        DatasetSpec dataset = d.value();
        // A job that failed to parse may be the producer: do not pile a second error on the first.
        if (!dataset.isExternal() && !producers.containsKey(dataset.name()) && specs.errors().isEmpty()) {
            errors.add(specs.errorAt(d, "name", "dataset '" + dataset.name() + "' has no producing job; mark it 'external: true' if an upstream team publishes it"));
        }
        checkLocations(specs, d, errors);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dataset.partitioning().size(); i++) {
            Dimension dim = dataset.partitioning().get(i);
            if (!seen.add(dim.name())) {
                errors.add(specs.errorAt(d, "partitioning[" + i + "].name", "duplicate dimension '" + dim.name() + "'"));
            }
            if ((dim.type() == DimensionType.DATE || dim.type() == DimensionType.HOUR) && dim.hasDeclaredValues()) {
                errors.add(specs.errorAt(d, "partitioning[" + i + "].values", dim.type().wire() + " dimension '" + dim.name()
                        + "' cannot declare values"));
            }
        }
        dataset.schemaContract().ifPresent(contract -> {
            Set<String> columns = new HashSet<>();
            for (int i = 0; i < contract.columns().size(); i++) {
                if (!columns.add(contract.columns().get(i).name())) {
                    errors.add(specs.errorAt(d, "schema.columns[" + i + "].name", "duplicate column '" + contract.columns().get(i).name() + "'"));
                }
            }
        });
    }

    private void checkJob(LoadedSpecs specs, Located<JobSpec> j, Map<String, Located<DatasetSpec>> datasets, List<SpecError> errors) {
        JobSpec job = j.value();
        if (job.outputs().isEmpty()) {
            errors.add(specs.errorAt(j, "outputs", "job '" + job.name() + "' declares no outputs"));
        }
        if (job.promoteTo() != null && job.promoteTo() != SizeClass.XL) {
            errors.add(specs.errorAt(j, "promoteTo", "job '" + job.name() + "' may be promoted to xl only, not to "
                    + job.promoteTo().wire()));
        } else if (job.promoteTo() != null && job.sizeClass() != SizeClass.LARGE) {
            errors.add(specs.errorAt(j, "promoteTo", "job '" + job.name() + "' is sizeClass " + job.sizeClass().wire()
                    + ": only a large job (a container worker, which can wait for Spark) may be promoted to xl"));
        }
        List<Dimension> jobDims = null;
        for (int i = 0; i < job.outputs().size(); i++) {
            OutputSpec out = job.outputs().get(i);
            Located<DatasetSpec> ds = datasets.get(out.dataset());
            if (ds != null) {
                List<Dimension> dims = ds.value().partitioning();
                if (jobDims == null) {
                    jobDims = dims;
                } else if (!names(jobDims).equals(names(dims))) {
                    errors.add(specs.errorAt(j, "outputs[" + i + "].dataset", "output '" + out.dataset() + "' is partitioned by "
                            + names(dims) + " but the job's first output by " + names(jobDims) + "; all outputs of a job share one partitioning"));
                }
            }
            checkOutput(specs, j, i, out, errors);
        }
        Map<String, Dimension> jobDimByName = new LinkedHashMap<>();
        if (jobDims != null) {
            jobDims.forEach(d -> jobDimByName.put(d.name(), d));
        }
        Set<String> inputNames = new HashSet<>();
        for (int i = 0; i < job.inputs().size(); i++) {
            InputSpec input = job.inputs().get(i);
            if (!inputNames.add(input.viewName())) {
                errors.add(specs.errorAt(j, "inputs[" + i + "]", "two inputs share the view name '" + input.viewName() + "'; give one an alias"));
            }
            Located<DatasetSpec> ds = datasets.get(input.dataset());
            if (ds == null) {
                errors.add(specs.errorAt(j, "inputs[" + i + "].dataset", "unknown dataset '" + input.dataset() + "'" + suggestion(input.dataset(), datasets.keySet())));
                continue;
            }
            if (jobDims != null) {
                new MappingChecker(specs, j, "inputs[" + i + "]", ds.value(), jobDimByName, errors).check(input.mapping());
            }
        }
        if (jobDims != null && !jobDims.isEmpty() && !job.inputs().isEmpty() && job.inputs().stream().allMatch(in -> openEnded(in, datasets))) {
            // No arrival of an unpartitioned input names a partition of a partitioned job: nothing would release it.
            errors.add(specs.errorAt(j, "inputs", "job '" + job.name() + "' is partitioned by " + names(jobDims)
                    + " but every input is unpartitioned (latest, or an unpartitioned dataset), so no arrival names a partition"
                    + " to release; add a partitioned input or leave the outputs unpartitioned"));
        }
        if (jobDims != null && job.inputs().stream().allMatch(in -> datasets.containsKey(in.dataset()))) {
            long inputs = job.inputs().stream().mapToLong(in -> inputsPerPartition(in, datasets.get(in.dataset()).value())).sum();
            if (inputs > MAX_RELEASE_INPUTS) {
                errors.add(specs.errorAt(j, "inputs", "job '" + job.name() + "' needs " + inputs + " input partitions per partition,"
                        + " more than the " + MAX_RELEASE_INPUTS + " a job-released event can carry (256 KiB at "
                        + BYTES_PER_INPUT + " bytes per input); narrow the window or the all: dimensions"));
            }
        }
        checkSelfDependency(specs, j, jobDimByName, errors);
        if (!TriggerSpec.ALL_OF.equals(job.trigger().type())) {
            errors.add(specs.errorAt(j, "trigger.type", "unknown trigger type '" + job.trigger().type() + "', expected all-of"));
        }
        job.deadlineSpec().ifPresent(deadline -> {
            try {
                CronExpression.parse(deadline.cron());
            } catch (IllegalArgumentException e) {
                errors.add(specs.errorAt(j, "deadline.cron", "bad cron expression: " + e.getMessage()));
            }
            try {
                ZoneId.of(deadline.timeZone());
            } catch (DateTimeException e) {
                errors.add(specs.errorAt(j, "deadline.timeZone", "unknown time zone '" + deadline.timeZone() + "'"));
            }
        });
        if (job.retry().maxAttempts() < 1) {
            errors.add(specs.errorAt(j, "retry.maxAttempts", "maxAttempts must be at least 1, not " + job.retry().maxAttempts()));
        }
        if (job.retry().initialBackoff().isNegative() || job.retry().maxBackoff().compareTo(job.retry().initialBackoff()) < 0) {
            errors.add(specs.errorAt(j, "retry", "backoffs must satisfy 0 <= initialBackoff <= maxBackoff"));
        }
        job.extractStage().ifPresent(extract -> {
            String type = extract.source().type();
            if (type == null || !SOURCE_TYPES.contains(type)) {
                errors.add(specs.errorAt(j, "extract.source.type", "unknown source type '" + type + "', expected one of " + sorted(SOURCE_TYPES)));
            }
            if (!NAME.matcher(extract.name()).matches()) {
                errors.add(specs.errorAt(j, "extract.name", "extract name '" + extract.name() + "' must match " + NAME.pattern()));
            }
        });
        if (job.extract() == null && job.inputs().isEmpty()) {
            errors.add(specs.errorAt(j, "inputs", "job '" + job.name() + "' has neither inputs nor an extract stage, so nothing can release it"));
        }
    }

    /**
     * A job may read an earlier partition of its own output (a cumulative or incremental job): only through an
     * {@code offset} mapping with a negative offset on a date dimension, and with a {@code startPartition} that names
     * the first partition. Anything else that reads its own output is a cycle (and reported as such).
     */
    private void checkSelfDependency(LoadedSpecs specs, Located<JobSpec> j, Map<String, Dimension> jobDims, List<SpecError> errors) {
        JobSpec job = j.value();
        String selfInput = null;
        boolean readsSelf = false;
        for (int i = 0; i < job.inputs().size(); i++) {
            InputSpec input = job.inputs().get(i);
            if (!job.readsOwnOutput(input)) {
                continue;
            }
            readsSelf = true;
            InputMapping m = input.mapping();
            Dimension d = m.dimension() == null ? null : jobDims.get(m.dimension());
            if (m.type() != InputMapping.Type.OFFSET || m.offset() >= 0 || d == null || !PartitionMapper.isTime(d)) {
                errors.add(specs.errorAt(j, "inputs[" + i + "].mapping", "job '" + job.name() + "' reads its own output '" + input.dataset()
                        + "': only an earlier partition may be read ({type: offset, dimension: <a date or hour dimension>, offset: -1 or less}), not "
                        + describe(m) + "; reading the same partition is a cycle"));
                continue;
            }
            selfInput = input.dataset() + " (offset " + m.offset() + " on " + m.dimension() + ")";
        }
        Map<String, String> start = job.startPartition();
        if (selfInput != null && start.isEmpty()) {
            errors.add(specs.errorAt(j, "startPartition", "job '" + job.name() + "' reads its own output " + selfInput
                    + ", so it needs startPartition: the first partition, released without its predecessor (e.g. startPartition: {"
                    + jobDims.keySet().stream().map(n -> n + ": ...").collect(Collectors.joining(", ")) + "})"));
        }
        if (selfInput == null && !start.isEmpty()) {
            if (readsSelf) {
                return; // its self-input is wrong already (reported above)
            }
            errors.add(specs.errorAt(j, "startPartition", "job '" + job.name() + "' does not read its own output; startPartition applies"
                    + " only to a job that reads an earlier partition of its own output"));
            return;
        }
        for (Map.Entry<String, String> e : start.entrySet()) {
            Dimension d = jobDims.get(e.getKey());
            if (d == null) {
                errors.add(specs.errorAt(j, "startPartition." + e.getKey(), "unknown dimension '" + e.getKey() + "'; the job is partitioned by "
                        + jobDims.keySet()));
            } else if (PartitionMapper.isTime(d)) {
                try {
                    if (d.type() == DimensionType.HOUR) {
                        PartitionMapper.parseHour(e.getValue(), e.getKey());
                    } else {
                        PartitionMapper.parseDate(e.getValue(), e.getKey());
                    }
                } catch (IllegalArgumentException bad) {
                    errors.add(specs.errorAt(j, "startPartition." + e.getKey(), bad.getMessage()));
                }
            } else if (!d.values().isEmpty() && !d.values().contains(e.getValue())) {
                errors.add(specs.errorAt(j, "startPartition." + e.getKey(), "'" + e.getValue() + "' is not one of " + d.values()));
            }
        }
        if (!start.isEmpty() && !start.keySet().containsAll(jobDims.keySet())) {
            errors.add(specs.errorAt(j, "startPartition", "startPartition " + start + " must name every dimension of the job: " + jobDims.keySet()));
        }
    }

    private static String describe(InputMapping m) {
        return switch (m.type()) {
            case OFFSET -> "{type: offset, dimension: " + m.dimension() + ", offset: " + m.offset() + "}";
            case WINDOW -> "{type: window, dimension: " + m.dimension() + ", size: " + m.size() + "}";
            default -> "{type: " + m.type().name().toLowerCase(Locale.ROOT) + "}";
        };
    }

    /**
     * Why {@code path} (already resolved against its spec file and normalized) is not inside the spec directory
     * {@code root}, or {@code null} when it is. A path that exists is also checked after following links, so a
     * symbolic link inside the directory cannot lead out of it.
     */
    static String outsideSpecDirectory(Path root, Path path) {
        Path base = root.toAbsolutePath().normalize();
        Path target = path.toAbsolutePath().normalize();
        if (!target.startsWith(base)) {
            return "leads outside the spec directory";
        }
        if (Files.exists(target)) {
            try {
                if (!target.toRealPath().startsWith(base.toRealPath())) {
                    return "is a link that leads outside the spec directory";
                }
            } catch (java.io.IOException e) {
                return "cannot be resolved (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private void checkOutput(LoadedSpecs specs, Located<JobSpec> j, int i, OutputSpec out, List<SpecError> errors) {
        String base = "outputs[" + i + "]";
        if (out.sql() != null) {
            Path sql = j.file().getParent().resolve(out.sql()).normalize();
            String outside = outsideSpecDirectory(specs.root(), sql);
            if (outside != null) {
                errors.add(specs.errorAt(j, base + ".sql", "sql path '" + out.sql() + "' " + outside
                        + "; every path in a spec must stay inside the spec directory " + specs.root()));
            } else if (!Files.isRegularFile(sql)) {
                errors.add(specs.errorAt(j, base + ".sql", "SQL file not found: " + sql));
            }
        } else if (j.value().extract() == null) {
            errors.add(specs.errorAt(j, base + ".sql", "output '" + out.dataset() + "' needs an sql file: the job has no extract stage to pass through"));
        }
        for (int c = 0; c < out.checks().size(); c++) {
            QualityCheckSpec check = out.checks().get(c);
            String path = base + ".checks[" + c + "]";
            switch (check.type()) {
                case ROW_COUNT -> {
                    if (check.min() == null && check.max() == null) {
                        errors.add(specs.errorAt(j, path, "row_count needs min and/or max"));
                    } else if (check.min() != null && check.max() != null && check.min() > check.max()) {
                        errors.add(specs.errorAt(j, path, "row_count min " + check.min() + " exceeds max " + check.max()));
                    }
                }
                case NOT_NULL, UNIQUE -> {
                    if (check.columns().isEmpty()) {
                        errors.add(specs.errorAt(j, path, check.type().wire() + " needs columns"));
                    }
                }
                case ACCEPTED_VALUES -> {
                    if (check.column() == null || check.values().isEmpty()) {
                        errors.add(specs.errorAt(j, path, "accepted_values needs a column and values"));
                    }
                }
                case SQL -> {
                    if (check.sql() == null || check.sql().isBlank()) {
                        errors.add(specs.errorAt(j, path, "an sql check needs sql that returns the failing rows"));
                    }
                }
            }
        }
        for (int t = 0; t < out.targets().size(); t++) {
            String type = out.targets().get(t).type();
            if (type == null || !TARGET_TYPES.contains(type)) {
                errors.add(specs.errorAt(j, base + ".targets[" + t + "].type", "unknown target type '" + type + "', expected one of " + sorted(TARGET_TYPES)));
            }
        }
    }

    /** An S3 template of a legacy location: an S3 URI whose path may hold {@code {dimension}} placeholders. */
    private static final Pattern S3_TEMPLATE =
            Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|\\{bucket})/[A-Za-z0-9!_.*'()=+{}/-]*");
    /** {@code jdbc:<connection>/<table>}, the table {@code [catalog.][schema.]table} in plain identifiers. */
    private static final Pattern JDBC_LEGACY =
            Pattern.compile("jdbc:[A-Za-z0-9_-]+/[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");

    /**
     * A job in shadow mode: one output, consumed by no job, with no extra targets; a legacy location that is a JDBC
     * table or an S3 template naming every dimension of the job and lying under a declared {@code locations:} prefix
     * (the trust model: nothing is read outside the declared locations); a key.
     */
    private void checkShadow(LoadedSpecs specs, Located<JobSpec> j, Map<String, Located<DatasetSpec>> datasets,
                             Map<String, Located<JobSpec>> jobs, List<SpecError> errors) {
        JobSpec job = j.value();
        if (job.shadow() == null) {
            return;
        }
        var shadow = job.shadow();
        if (job.outputs().size() != 1) {
            errors.add(specs.errorAt(j, "outputs", "job '" + job.name() + "' is in shadow mode and has " + job.outputs().size()
                    + " outputs; a shadow job has exactly one output, the shadow dataset compared with shadow.legacy"));
        }
        for (int i = 0; i < job.outputs().size(); i++) {
            OutputSpec out = job.outputs().get(i);
            if (!out.targets().isEmpty()) {
                errors.add(specs.errorAt(j, "outputs[" + i + "].targets", "output '" + out.dataset() + "' of shadow job '" + job.name()
                        + "' declares targets; a shadow job writes its shadow dataset only"));
            }
            for (Located<JobSpec> other : jobs.values()) {
                if (other.value().inputs().stream().anyMatch(in -> in.dataset().equals(out.dataset()))) {
                    errors.add(specs.errorAt(j, "outputs[" + i + "].dataset", "output '" + out.dataset() + "' of shadow job '" + job.name()
                            + "' is an input of job '" + other.value().name() + "' (" + other.file() + ":" + other.line()
                            + "); a shadow dataset gets no data-ready, so no job may consume it"));
                }
            }
        }
        if (shadow.key().isEmpty()) {
            errors.add(specs.errorAt(j, "shadow.key", "shadow.key is empty; name the columns that identify a row in both the"
                    + " shadow output and the legacy output, e.g. key: [order_id]"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < shadow.key().size(); k++) {
                String column = shadow.key().get(k);
                if (column.isBlank()) {
                    errors.add(specs.errorAt(j, "shadow.key[" + k + "]", "shadow.key[" + k + "] is empty in " + shadow.key()));
                } else if (!seen.add(column)) {
                    errors.add(specs.errorAt(j, "shadow.key[" + k + "]", "shadow.key names '" + column + "' twice in " + shadow.key()));
                }
            }
        }
        String legacy = shadow.legacy();
        if (legacy == null || legacy.isBlank()) {
            errors.add(specs.errorAt(j, "shadow", "shadow.legacy is required: an S3 template such as"
                    + " s3://bucket/legacy/orders/date={date}/ or jdbc:<connection>/<table>"));
            return;
        }
        if (shadow.isJdbc()) {
            if (!JDBC_LEGACY.matcher(legacy.strip()).matches()) {
                errors.add(specs.errorAt(j, "shadow.legacy", "shadow.legacy '" + legacy + "' is not jdbc:<connection>/<table>"
                        + " (a connection such as legacy, a table such as analytics.order_facts)"));
            }
            return;
        }
        List<String> segments = legacy.startsWith("s3://") ? List.of(legacy.substring(5).split("/")) : List.of();
        if (!S3_TEMPLATE.matcher(legacy).matches() || segments.contains("..") || segments.contains(".")) {
            errors.add(specs.errorAt(j, "shadow.legacy", "shadow.legacy '" + legacy + "' is neither an S3 template such as"
                    + " s3://bucket/legacy/orders/date={date}/ (s3://, a bucket, path segments without . or .., the partition's"
                    + " dimensions in braces) nor jdbc:<connection>/<table>"));
            return;
        }
        List<String> dims = job.outputs().isEmpty() || !datasets.containsKey(job.outputs().getFirst().dataset()) ? null
                : names(datasets.get(job.outputs().getFirst().dataset()).value().partitioning());
        List<String> placeholders = shadow.placeholders();
        if (dims != null) {
            for (String p : placeholders) {
                if (!dims.contains(p)) {
                    errors.add(specs.errorAt(j, "shadow.legacy", "shadow.legacy '" + legacy + "' names {" + p
                            + "}, which is not a dimension of job '" + job.name() + "' " + dims));
                }
            }
            for (String d : dims) {
                if (!placeholders.contains(d)) {
                    errors.add(specs.errorAt(j, "shadow.legacy", "shadow.legacy '" + legacy + "' does not name the dimension {"
                            + d + "}, so every partition would be compared with the same legacy data"));
                }
            }
        }
        List<String> declared = datasets.values().stream().map(Located::value).filter(DatasetSpec::isExternal)
                .flatMap(d -> d.locations().stream()).filter(l -> l != null).sorted().toList();
        String fixed = shadow.fixedPrefix("{bucket}");
        if (declared.stream().noneMatch(fixed::startsWith)) {
            errors.add(specs.errorAt(j, "shadow.legacy", "shadow.legacy '" + legacy + "' is not under a declared location:"
                    + " the legacy data must lie under the locations: of an external dataset of the specs (declared: "
                    + declared + "); declare a dataset for the legacy output with its prefix"));
        }
    }

    /**
     * The bound on one input in a {@code job-released} event (and the release record): dataset, partition,
     * version, location and manifest URIs, as JSON. The largest release must fit the 256 KiB message limit (the
     * release record's 400 KB DynamoDB item limit is looser), with 8 KiB left for the rest of the event.
     */
    public static final int BYTES_PER_INPUT = 512;
    /** The most input partitions one job partition may need. */
    public static final int MAX_RELEASE_INPUTS = (256 * 1024 - 8 * 1024) / BYTES_PER_INPUT;

    private static boolean openEnded(InputSpec input, Map<String, Located<DatasetSpec>> datasets) {
        Located<DatasetSpec> ds = datasets.get(input.dataset());
        return ds != null && ds.value().partitioning().isEmpty(); // latest on a partitioned dataset is refused on its own
    }

    /** How many partitions of {@code dataset} one job partition needs through {@code input}'s mapping. */
    private static long inputsPerPartition(InputSpec input, DatasetSpec dataset) {
        InputMapping m = input.mapping();
        if (m.type() == InputMapping.Type.LATEST || dataset.partitioning().isEmpty()) {
            return 1;
        }
        long count = 1;
        for (Dimension d : dataset.partitioning()) {
            if (m.all().contains(d.name())) {
                count *= Math.max(1, d.values() == null ? 1 : d.values().size());
            } else if (m.type() == InputMapping.Type.WINDOW && d.name().equals(m.dimension())) {
                count *= Math.max(1, m.size());
            }
        }
        return count;
    }

    /** Checks one input mapping against the input dataset's and the job's dimensions. */
    private record MappingChecker(LoadedSpecs specs, Located<JobSpec> job, String path, DatasetSpec input,
                                  Map<String, Dimension> jobDims, List<SpecError> errors) {
        void check(InputMapping m) {
            String at = path + ".mapping";
            String name = input.name();
            if (m.type() == InputMapping.Type.LATEST) {
                if (!input.partitioning().isEmpty()) {
                    error(at, "mapping latest needs an unpartitioned dataset, but '" + name + "' is partitioned by " + input.dimensionNames());
                }
                return;
            }
            for (String all : m.all()) {
                input.dimension(all).ifPresentOrElse(d -> {
                    if (jobDims.containsKey(all)) {
                        error(at + ".all", "'" + all + "' is a dimension of the job too; map it with same instead of all");
                    } else if (!d.hasDeclaredValues()) {
                        error(at + ".all", "dimension '" + all + "' of '" + name + "' declares no values, so 'all' cannot be enumerated");
                    }
                }, () -> error(at + ".all", "'" + all + "' is not a dimension of '" + name + "' " + input.dimensionNames()));
            }
            for (Dimension d : input.partitioning()) {
                if (m.all().contains(d.name())) {
                    continue;
                }
                Dimension jd = jobDims.get(d.name());
                if (jd == null) {
                    error(at, "dimension '" + d.name() + "' of input '" + name + "' is not a dimension of the job " + jobDims.keySet()
                            + "; take every value with all: [" + d.name() + "]");
                } else if (jd.type() != d.type()) {
                    error(at, "dimension '" + d.name() + "' is " + d.type().wire() + " in '" + name + "' but " + jd.type().wire() + " in the job");
                }
            }
            for (Dimension jd : jobDims.values()) {
                if (input.dimension(jd.name()).isEmpty() && !input.partitioning().isEmpty() && !jd.hasDeclaredValues()) {
                    error(at, "job dimension '" + jd.name() + "' is absent from input '" + name
                            + "' and declares no values, so an arrival of '" + name + "' cannot name the job partitions it feeds");
                }
            }
            if (m.type() == InputMapping.Type.OFFSET || m.type() == InputMapping.Type.WINDOW) {
                String kind = m.type().wire();
                if (m.dimension() == null) {
                    error(at, "mapping " + kind + " needs a dimension");
                    return;
                }
                Dimension d = input.dimension(m.dimension()).orElse(null);
                if (d == null || !jobDims.containsKey(m.dimension())) {
                    error(at + ".dimension", "mapping " + kind + " dimension '" + m.dimension() + "' must be a dimension of both the job and '" + name + "'");
                } else if (!PartitionMapper.isTime(d)) {
                    error(at + ".dimension", "mapping " + kind + " needs a date or hour dimension, but '" + m.dimension() + "' is " + d.type().wire());
                }
                if (m.type() == InputMapping.Type.OFFSET && m.offset() == 0) {
                    error(at + ".offset", "offset 0 is the same partition; write mapping: same");
                }
                if (m.type() == InputMapping.Type.WINDOW && (m.size() < 1 || m.size() > 366)) {
                    error(at + ".size", "window size must be between 1 and 366, not " + m.size());
                }
            } else if (m.dimension() != null || m.offset() != 0 || m.size() != 0) {
                error(at, "mapping " + m.type().wire() + " takes no dimension, offset or size");
            }
        }

        private void error(String subPath, String message) {
            errors.add(specs.errorAt(job, subPath, message));
        }
    }

    private static List<String> names(List<Dimension> dims) {
        return dims.stream().map(Dimension::name).toList();
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }

    private static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = levenshtein(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
