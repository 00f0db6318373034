package dev.sluice.spec;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.spec.load.Located;
import dev.sluice.spec.load.LoadedSpecs;
import dev.sluice.spec.load.SpecError;
import dev.sluice.spec.load.SpecLoader;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.validate.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable catalog of datasets and jobs, with the DAG between them.
 *
 * <p>Only {@link #load(Path)} creates one, and only from specs without errors: every service and the
 * CLI can rely on names resolving and the DAG being acyclic.
 */
public final class PipelineSpecs {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Path root;
    private final Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
    private final Map<String, JobSpec> jobs = new LinkedHashMap<>();
    private final Map<String, Path> jobFiles = new HashMap<>();
    private final Map<String, JobSpec> producers = new HashMap<>();
    private final Map<String, List<JobSpec>> consumers = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();

    private PipelineSpecs(LoadedSpecs loaded) {
        this.root = loaded.root();
        loaded.datasets().forEach(d -> datasets.put(d.value().name(), d.value()));
        for (Located<JobSpec> located : loaded.jobs()) {
            JobSpec job = located.value();
            jobs.put(job.name(), job);
            jobFiles.put(job.name(), located.file());
            job.outputs().forEach(o -> producers.put(o.dataset(), job));
            job.inputs().forEach(i -> consumers.computeIfAbsent(i.dataset(), k -> new ArrayList<>()).add(job));
        }
        jobs.values().forEach(j -> digests.put(j.name(), computeDigest(j)));
    }

    /** Outcome of {@link #check(Path)}: the specs when valid, and every error otherwise. */
    public record CheckResult(Optional<PipelineSpecs> specs, List<SpecError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Loads and validates {@code dir}, collecting every error. */
    public static CheckResult check(Path dir) {
        LoadedSpecs loaded = new SpecLoader().load(dir);
        List<SpecError> errors = new SpecValidator().validate(loaded);
        return errors.isEmpty() ? new CheckResult(Optional.of(new PipelineSpecs(loaded)), List.of())
                : new CheckResult(Optional.empty(), errors);
    }

    /** Loads and validates {@code dir}; throws {@link InvalidSpecsException} listing every error. */
    public static PipelineSpecs load(Path dir) {
        CheckResult result = check(dir);
        return result.specs().orElseThrow(() -> new InvalidSpecsException(result.errors()));
    }

    public Path root() {
        return root;
    }

    public Collection<DatasetSpec> datasets() {
        return datasets.values();
    }

    public Collection<JobSpec> jobs() {
        return jobs.values();
    }

    public DatasetSpec dataset(String name) {
        DatasetSpec d = datasets.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'");
        }
        return d;
    }

    public Optional<DatasetSpec> findDataset(String name) {
        return Optional.ofNullable(datasets.get(name));
    }

    public JobSpec job(String name) {
        JobSpec j = jobs.get(name);
        if (j == null) {
            throw new IllegalArgumentException("unknown job '" + name + "'");
        }
        return j;
    }

    public Optional<JobSpec> findJob(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** The job producing {@code dataset}; empty for an external dataset. */
    public Optional<JobSpec> producerOf(String dataset) {
        return Optional.ofNullable(producers.get(dataset));
    }

    /** The jobs that take {@code dataset} as an input. */
    public List<JobSpec> consumersOf(String dataset) {
        return List.copyOf(consumers.getOrDefault(dataset, List.of()));
    }

    /** The partition dimensions of a job: those of its outputs. */
    public List<Dimension> partitioningOf(JobSpec job) {
        return job.outputs().isEmpty() ? List.of() : dataset(job.outputs().getFirst().dataset()).partitioning();
    }

    /** The spec file that declares {@code job}. */
    public Path specFileOf(JobSpec job) {
        return jobFiles.get(job.name());
    }

    /** The SQL file of an output, resolved against the job's spec file. */
    public Optional<Path> sqlFileOf(JobSpec job, OutputSpec output) {
        return Optional.ofNullable(output.sql()).map(sql -> {
            Path file = specFileOf(job).getParent().resolve(sql).normalize();
            // The validator refuses such paths; this is a backstop for specs built without it.
            if (!file.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize())) {
                throw new IllegalStateException("job " + job.name() + ": sql path '" + sql
                        + "' leads outside the spec directory " + root);
            }
            return file;
        });
    }

    /** The SQL text of an output. */
    public Optional<String> sqlOf(JobSpec job, OutputSpec output) {
        return sqlFileOf(job, output).map(PipelineSpecs::read);
    }

    /**
     * A digest of everything that defines what a job computes: its spec, its outputs' dataset specs and
     * its SQL. Recorded on each release, so a run says exactly which definition it ran.
     */
    public String digest(JobSpec job) {
        return digests.get(job.name());
    }

    /** The longest chain of jobs, counting jobs (a job with no upstream jobs has depth 1). */
    public int depth() {
        Map<String, Integer> memo = new HashMap<>();
        int max = 0;
        for (JobSpec job : jobs.values()) {
            max = Math.max(max, depthOf(job, memo));
        }
        return max;
    }

    private int depthOf(JobSpec job, Map<String, Integer> memo) {
        Integer known = memo.get(job.name());
        if (known != null) {
            return known;
        }
        int deepest = 0;
        for (InputSpec input : job.inputs()) {
            Optional<JobSpec> producer = producerOf(input.dataset());
            if (producer.isPresent() && !job.readsOwnOutput(input)) { // an earlier partition of its own output adds no depth
                deepest = Math.max(deepest, depthOf(producer.get(), memo));
            }
        }
        memo.put(job.name(), deepest + 1);
        return deepest + 1;
    }

    private String computeDigest(JobSpec job) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CANONICAL.writeValueAsBytes(job));
            for (OutputSpec output : job.outputs()) {
                sha.update(CANONICAL.writeValueAsBytes(dataset(output.dataset())));
                sqlOf(job, output).ifPresent(sql -> sha.update(sql.getBytes(StandardCharsets.UTF_8)));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL file " + file, e);
        }
    }
}
