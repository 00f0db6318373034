package dev.sluice.transformer;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.spec.model.Dimension;
import dev.sluice.spec.model.DimensionType;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.SchemaContract;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One transform: one output of one job, for one partition of one run.
 *
 * @param job               the job's name
 * @param partition         the partition being computed; its values fill {@code sluice_params}
 * @param runId             the run; in {@code sluice_params.run_id}
 * @param generation        the release generation (1 or more); in {@code sluice_params.generation}
 * @param output            the output: its dataset and its data-quality checks
 * @param sql               the text of the output's SQL file: one query
 * @param sqlFile           the SQL file's path as the spec names it, for messages (default: {@code output.sql()})
 * @param outputContract    the output dataset's schema contract, or {@code null} for none
 * @param inputs            view name (normally the input dataset's name) to its locations: S3 URIs of Parquet
 *                          objects or prefixes ending with {@code /}, e.g. the staged extract output and the files
 *                          of upstream datasets' manifests; a {@code window} input lists the locations of every
 *                          partition of the window. Kept in the given order.
 * @param emptyInputSchemas for inputs whose locations may legitimately hold no file (an empty partition), the
 *                          schema to give the empty view (e.g. from the input's data-ready event); an input without
 *                          files and without a schema here fails with {@code EmptyInput}
 * @param stagingPrefix     where to stage the output, ending with {@code /}, e.g.
 *                          {@code s3://b/staging/<job>/<partition>/<runId>/transform/}
 * @param resources         DuckDB's memory limit, threads and spill directory for this run
 * @param inputLimit        how many bytes of input the job's size class allows
 * @param dimensionTypes    the declared types of the partition's dimensions (see {@link SluiceParams}); a
 *                          dimension missing here is typed by its value
 * @param knownSizes        the sizes of input files already known from a manifest Sluice's loader wrote, so that the
 *                          engine need not ask the store for them; a file missing here is looked up
 */
public record TransformRequest(
        String job,
        Partition partition,
        String runId,
        int generation,
        OutputSpec output,
        String sql,
        String sqlFile,
        SchemaContract outputContract,
        Map<String, List<URI>> inputs,
        Map<String, DatasetSchema> emptyInputSchemas,
        URI stagingPrefix,
        DuckDbResources resources,
        InputLimit inputLimit,
        Map<String, DimensionType> dimensionTypes,
        Map<URI, Long> knownSizes) {

    /** Names the engine's own relations take. */
    static final Set<String> RESERVED = Set.of("output", SluiceParams.TABLE);

    public TransformRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(stagingPrefix, "stagingPrefix");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(inputLimit, "inputLimit");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1: " + generation);
        }
        if (!stagingPrefix.toString().endsWith("/")) {
            throw new IllegalArgumentException("stagingPrefix must end with '/': " + stagingPrefix);
        }
        sqlFile = sqlFile != null ? sqlFile : output.sql() != null ? output.sql() : "the SQL of " + output.dataset();
        Map<String, List<URI>> views = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Objects.requireNonNull(inputs, "inputs").forEach((name, locations) -> {
            Objects.requireNonNull(name, "input view name");
            String key = name.toLowerCase(Locale.ROOT);
            if (name.isBlank() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad input view name: '" + name + "'");
            }
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("an input may not be named " + name + ": the engine uses that name");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("two inputs named " + name + " (names ignore case in SQL)");
            }
            views.put(name, List.copyOf(Objects.requireNonNull(locations, "locations of " + name)));
        });
        inputs = Collections.unmodifiableMap(views);
        emptyInputSchemas = emptyInputSchemas == null ? Map.of() : Map.copyOf(emptyInputSchemas);
        dimensionTypes = dimensionTypes == null ? Map.of() : Map.copyOf(dimensionTypes);
        knownSizes = knownSizes == null ? Map.of() : Map.copyOf(knownSizes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The output dataset's name. */
    public String dataset() {
        return output.dataset();
    }

    /** Builds a {@link TransformRequest}; {@code generation} defaults to 1, the input limit to none. */
    public static final class Builder {
        private String job;
        private Partition partition = Partition.NONE;
        private String runId;
        private int generation = 1;
        private OutputSpec output;
        private String sql;
        private String sqlFile;
        private SchemaContract outputContract;
        private final Map<String, List<URI>> inputs = new LinkedHashMap<>();
        private final Map<String, DatasetSchema> emptyInputSchemas = new LinkedHashMap<>();
        private URI stagingPrefix;
        private DuckDbResources resources;
        private InputLimit inputLimit;
        private final Map<String, DimensionType> dimensionTypes = new LinkedHashMap<>();
        private final Map<URI, Long> knownSizes = new LinkedHashMap<>();

        private Builder() {}

        public Builder job(String job) {
            this.job = job;
            return this;
        }

        public Builder partition(Partition partition) {
            this.partition = partition;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder generation(int generation) {
            this.generation = generation;
            return this;
        }

        public Builder output(OutputSpec output) {
            this.output = output;
            return this;
        }

        /** The SQL text and the file it was read from. */
        public Builder sql(String sql, String sqlFile) {
            this.sql = sql;
            this.sqlFile = sqlFile;
            return this;
        }

        public Builder outputContract(SchemaContract contract) {
            this.outputContract = contract;
            return this;
        }

        /** Adds an input view over {@code locations}. */
        public Builder input(String view, List<URI> locations) {
            this.inputs.put(view, locations);
            return this;
        }

        /** Adds an input view over {@code locations}, empty with {@code schema} when they hold no file. */
        public Builder input(String view, List<URI> locations, DatasetSchema schema) {
            this.inputs.put(view, locations);
            this.emptyInputSchemas.put(view, schema);
            return this;
        }

        /** The sizes of input files known from their manifests (see {@link TransformRequest#knownSizes()}). */
        public Builder knownSizes(Map<URI, Long> sizes) {
            this.knownSizes.putAll(sizes);
            return this;
        }

        public Builder stagingPrefix(URI prefix) {
            this.stagingPrefix = prefix;
            return this;
        }

        public Builder resources(DuckDbResources resources) {
            this.resources = resources;
            return this;
        }

        public Builder inputLimit(InputLimit limit) {
            this.inputLimit = limit;
            return this;
        }

        /** The output dataset's partitioning, which types the columns of {@code sluice_params}. */
        public Builder partitioning(List<Dimension> dimensions) {
            dimensions.forEach(d -> dimensionTypes.put(d.name(), d.type()));
            return this;
        }

        public TransformRequest build() {
            return new TransformRequest(job, partition, runId, generation, output, sql, sqlFile, outputContract,
                    inputs, emptyInputSchemas, stagingPrefix, resources,
                    inputLimit != null ? inputLimit : InputLimit.unlimited(dev.sluice.spec.model.SizeClass.SMALL),
                    dimensionTypes, knownSizes);
        }
    }
}
