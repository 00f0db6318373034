package dev.sluice.transformer;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.DuckDbTypes;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.SchemaContracts;
import dev.sluice.dataplane.SchemaDriftException;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.dataplane.WorkDirectories;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.transformer.StagingStore.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform stage without its messaging: runs one output's SQL over the job's inputs in DuckDB and stages the
 * result as Parquet.
 *
 * <ol>
 *   <li>Lists the inputs, refuses them if they exceed the size class's limit ({@link InputTooLargeException}), and
 *       downloads them to a fresh work directory, in parallel.</li>
 *   <li>Opens an in-memory DuckDB database sized by the request's {@link dev.sluice.dataplane.DuckDbResources}
 *       (memory limit, threads, and a spill directory of its own under the resources' temp directory).</li>
 *   <li>Creates a view per input over {@code read_parquet} of its files, and {@link SluiceParams sluice_params}
 *       with bound values; then locks DuckDB to the work directory ({@code enable_external_access = false}), so the
 *       job's SQL can read no other file, write none, and load no extension, and sets {@code lock_configuration}, so
 *       that it cannot change any setting either.</li>
 *   <li>Runs the job's SQL straight into one local Parquet file (zstd):
 *       {@code COPY (<the job's SQL>) TO 'part-00000.parquet'}, in one pass as bare DuckDB would, spilling to the
 *       temp directory past the memory limit. The SQL is on line 1 of the statement, so that DuckDB's
 *       {@code LINE n} is line n of the SQL file. An {@code ORDER BY} holds in the file; without one, the order of
 *       rows is unspecified. The file is then the view {@code output}, and the output's schema is the file's, as
 *       readers will see it (Parquet has no HUGEINT: a {@code sum()} of integers is written as DOUBLE unless
 *       cast).</li>
 *   <li>Checks the output dataset's schema contract ({@link SchemaDriftException}), then runs the data-quality
 *       checks on {@code output} ({@link QualityChecks}), which read the very bytes to be staged; a failed {@code error} check throws
 *       {@link QualityCheckFailedException}. Nothing is staged before both have passed; the contract goes first, so
 *       that a missing column reads as drift rather than as a broken check.</li>
 *   <li>Stages the file at {@code <stagingPrefix>part-00000.parquet} (multipart above 8 MiB): a retry of the run
 *       overwrites the same key.</li>
 * </ol>
 *
 * <p>Thread-safe and reusable: the engine holds no state of a run, and each run has its own work directory and
 * database. The DuckDB driver and its native library are loaded once per process, when the first engine is built
 * ({@link #warmUp()}), not on the first job. Concurrent runs each get their own memory limit; give each a share.
 *
 * <p>Failures are {@link dev.sluice.contracts.ClassifiedException}s that say whether to retry: storage errors per
 * their cause (network, throttling, 5xx are retryable), everything about the SQL, the data, the checks and the
 * limits is not.
 */
public final class TransformEngine {

    /** The name of the output as checks read it: a view over the local Parquet file about to be staged. */
    public static final String OUTPUT_TABLE = "output";

    private static final Logger LOG = LoggerFactory.getLogger(TransformEngine.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Pattern SAFE_TYPE = Pattern.compile("[A-Za-z0-9_(), \\[\\]\"-]+");
    private static volatile boolean warm;

    private final TransformSettings settings;
    private final Map<String, StagingStore> stores;

    /**
     * @param stores the stores by URI scheme; a request's inputs and staging prefix must use their schemes
     */
    public TransformEngine(TransformSettings settings, List<StagingStore> stores) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Map<String, StagingStore> byScheme = new LinkedHashMap<>();
        for (StagingStore store : stores) {
            if (byScheme.put(store.scheme(), store) != null) {
                throw new IllegalArgumentException("two stores for scheme " + store.scheme());
            }
        }
        this.stores = Map.copyOf(byScheme);
        warmUp();
    }

    /** An engine reading and staging in S3, downloading {@link TransformSettings#downloadParallelism()} at a time. */
    public static TransformEngine forS3(AwsClients aws, TransformSettings settings) {
        return new TransformEngine(settings,
                List.of(new S3StagingStore(new S3Transfer(aws, settings.downloadParallelism()))));
    }

    /** An engine reading and staging local files ({@code file:} URIs), for tests, benchmarks and local runs. */
    public static TransformEngine local(TransformSettings settings) {
        return new TransformEngine(settings, List.of(new LocalStagingStore()));
    }

    public TransformSettings settings() {
        return settings;
    }

    /**
     * Loads the DuckDB driver and its native library (the JDBC driver extracts a 70 MB library at first use) by
     * opening and closing an empty database. Idempotent; called by the constructor.
     */
    public static void warmUp() {
        if (warm) {
            return;
        }
        synchronized (TransformEngine.class) {
            if (!warm) {
                try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
                    warm = c.isValid(1);
                } catch (java.sql.SQLException e) {
                    throw new QueryFailedException("Could not start DuckDB: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Runs one transform and stages its output.
     *
     * @throws InputTooLargeException      when the inputs exceed the request's limit (not retryable here)
     * @throws ClassifiedException        {@code EmptyInput} when an input has no file and no schema to be empty with, or a named
     *                                     file does not exist
     * @throws SqlFailedException          when DuckDB rejects or fails the job's SQL or a check's SQL
     * @throws dev.sluice.dataplane.MalformedDataException when an input file cannot be read
     * @throws SchemaDriftException        when the output breaks the output dataset's contract
     * @throws QualityCheckFailedException when a check of severity {@code error} fails
     * @throws InvalidSettingsException    when a check is badly configured (e.g. names a column the output lacks)
     * @throws dev.sluice.dataplane.StorageException when S3 fails; retryable per its cause
     */
    public TransformResult run(TransformRequest request) {
        Objects.requireNonNull(request, "request");
        long started = System.nanoTime();
        StagingStore target = storeFor(request.stagingPrefix());
        Path work = WorkDirectories.create(settings.workDirectory(), "transform-" + SAFE_NAME.matcher(request.job()).replaceAll("_") + "-").toAbsolutePath();
        Path spill = request.resources().tempDirectory().resolve(work.getFileName().toString());
        try {
            // 1. Inputs.
            long t = System.nanoTime();
            Map<String, List<StoredObject>> resolved = resolve(request);
            long inputBytes = resolved.values().stream().flatMap(List::stream).mapToLong(StoredObject::size).sum();
            int inputFiles = resolved.values().stream().mapToInt(List::size).sum();
            if (request.inputLimit().exceededBy(inputBytes)) {
                throw new InputTooLargeException(request.job(), request.inputLimit().sizeClass(), inputBytes,
                        request.inputLimit().maxBytes(), describeSizes(resolved));
            }
            Map<String, String> origins = new LinkedHashMap<>();
            Set<Path> inPlaceDirectories = new LinkedHashSet<>();
            Map<String, List<Path>> files = fetch(resolved, work.resolve("inputs"), origins, inPlaceDirectories, work);
            Duration download = since(t);

            Path parquet = work.resolve("output").resolve(StagingLayout.fileName(0));
            DatasetSchema schema;
            long rows;
            List<CheckOutcome> outcomes;
            Duration sql;
            Duration checks;
            try (DuckDbSession db = DuckDbSession.open(request.resources().withTempDirectory(spill))) {
                // 2. The job's SQL, straight into a local Parquet file.
                t = System.nanoTime();
                for (Map.Entry<String, List<Path>> input : files.entrySet()) {
                    try {
                        // DuckDB reads the files' footers here: an unreadable input fails now.
                        createView(db, input.getKey(), input.getValue(),
                                request.emptyInputSchemas().get(input.getKey()));
                    } catch (QueryFailedException e) {
                        throw UserSql.translate(request.job(), "input " + input.getKey(), "",
                                QualityChecks.duckDbMessage(e), origins, e.getCause());
                    }
                }
                SluiceParams.create(db, SluiceParams.columns(request.partition().dimensions(),
                        request.dimensionTypes(), request.runId(), request.generation()));
                sandbox(db, work, inPlaceDirectories);
                String query = UserSql.singleQuery(request.sql(), request.job(), request.sqlFile());
                try {
                    // The job's SQL starts on line 1 of the statement: DuckDB's LINE n is line n of the SQL file.
                    // It streams into the file (one pass, as bare DuckDB would), spilling past the memory limit.
                    rows = db.copyToParquet(query, parquet);
                } catch (QueryFailedException e) {
                    throw UserSql.translate(request.job(), request.sqlFile(), request.sql(),
                            QualityChecks.duckDbMessage(e), origins, e.getCause());
                }
                db.execute("CREATE VIEW " + OUTPUT_TABLE + " AS SELECT * FROM read_parquet("
                        + DuckDbSession.literal(parquet.toString()) + ")");
                // The schema is the file's, as readers will see it: Parquet has no 128-bit integers, so a HUGEINT
                // (e.g. a sum() of BIGINT) is written as DOUBLE.
                schema = db.describe(OUTPUT_TABLE);
                sql = since(t);

                // 3. Contract and checks, before anything is staged; the contract first, so that a missing column
                // reads as drift rather than as a broken check.
                t = System.nanoTime();
                if (request.outputContract() != null) {
                    List<SchemaDifference> differences = SchemaContracts.diff(request.outputContract(), schema);
                    if (!differences.isEmpty()) {
                        throw new SchemaDriftException(request.dataset(), differences);
                    }
                }
                outcomes = new QualityChecks(db, OUTPUT_TABLE, schema, rows, request.job(), request.dataset(),
                        origins).run(request.output().checks());
                checks = since(t);
                List<CheckOutcome> failed = outcomes.stream().filter(o -> !o.passed()).toList();
                if (failed.stream().anyMatch(CheckOutcome::blocking)) {
                    throw new QualityCheckFailedException(request.job(), request.dataset(), failed);
                }
            }

            // 4. Stage.
            t = System.nanoTime();
            StoredObject staged = target.store(parquet,
                    URI.create(request.stagingPrefix() + StagingLayout.fileName(0)));
            Duration upload = since(t);

            TransformResult result = new TransformResult(request.dataset(), request.stagingPrefix(),
                    List.of(staged.uri()), schema, rows, staged.size(), inputBytes, inputFiles, outcomes,
                    new TransformResult.Timings(download, sql, checks, upload, since(started)));
            LOG.info("Transformed {} {} run {}: {} input files ({} bytes) -> {} rows ({} bytes) of {}; download {} ms,"
                    + " sql {} ms, checks {} ms, upload {} ms; {} warnings", request.job(), request.partition(),
                    request.runId(), inputFiles, inputBytes, rows, staged.size(), request.dataset(),
                    download.toMillis(), sql.toMillis(), checks.toMillis(), upload.toMillis(),
                    result.warnings().size());
            return result;
        } finally {
            WorkDirectories.delete(work);
            WorkDirectories.delete(spill);
        }
    }

    private Map<String, List<StoredObject>> resolve(TransformRequest request) {
        Map<String, List<StoredObject>> resolved = new LinkedHashMap<>();
        long listed = 0;
        for (Map.Entry<String, List<URI>> input : request.inputs().entrySet()) {
            String view = input.getKey();
            List<URI> locations = input.getValue();
            if (request.inputLimit().exceededBy(listed)) {
                resolved.put(view, List.of()); // already over the size class's limit: the run is refused, list no more
                continue;
            }
            List<StoredObject> objects = new ArrayList<>();
            for (URI location : locations) {
                if (request.inputLimit().exceededBy(listed)) {
                    break;
                }
                Long known = request.knownSizes().get(location);
                List<StoredObject> found = known != null ? List.of(new StoredObject(location, known))
                        : storeFor(location).resolve(location, request.inputLimit().maxBytes() - listed);
                listed += found.stream().mapToLong(StoredObject::size).sum();
                String text = location.toString();
                boolean prefixOrGlob = text.endsWith("/") || text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
                if (found.isEmpty() && !prefixOrGlob) {
                    throw new ClassifiedException(ErrorClass.EMPTY_INPUT, "job " + request.job() + ": input " + view + ": " + location
                            + " does not exist (a prefix must end with '/')");
                }
                objects.addAll(found);
            }
            if (objects.isEmpty() && !request.emptyInputSchemas().containsKey(view)) {
                throw new ClassifiedException(ErrorClass.EMPTY_INPUT, "job " + request.job() + ": input " + view + " has no Parquet file"
                        + (locations.isEmpty() ? ": it was given no location" : " at " + locations));
            }
            resolved.put(view, List.copyOf(objects));
        }
        return resolved;
    }

    private Map<String, List<Path>> fetch(Map<String, List<StoredObject>> resolved, Path directory,
            Map<String, String> origins, Set<Path> inPlaceDirectories, Path work) {
        // One fetch per store for all inputs, so that downloads of several inputs run in parallel.
        Map<String, List<StoredObject>> byScheme = new LinkedHashMap<>();
        resolved.values().stream().flatMap(List::stream)
                .forEach(o -> byScheme.computeIfAbsent(o.uri().getScheme(), s -> new ArrayList<>()).add(o));
        Map<URI, Path> local = new LinkedHashMap<>();
        byScheme.forEach((scheme, objects) -> {
            List<Path> paths = stores.get(scheme).fetch(objects, directory.resolve(scheme));
            for (int i = 0; i < objects.size(); i++) {
                Path path = paths.get(i).toAbsolutePath();
                local.put(objects.get(i).uri(), path);
                origins.put(path.toString(), objects.get(i).uri().toString());
                if (!path.startsWith(work)) {
                    inPlaceDirectories.add(path.getParent());
                }
            }
        });
        Map<String, List<Path>> files = new LinkedHashMap<>();
        resolved.forEach((view, objects) -> files.put(view, objects.stream().map(o -> local.get(o.uri())).toList()));
        return files;
    }

    private static void createView(DuckDbSession db, String view, List<Path> files, DatasetSchema emptySchema) {
        String name = DuckDbSession.identifier(view);
        if (files.isEmpty()) {
            if (emptySchema.columns().isEmpty()) {
                throw new InvalidSettingsException("inputs." + view, "an empty input needs a schema with columns");
            }
            String columns = emptySchema.columns().stream()
                    .map(c -> "CAST(NULL AS " + sqlType(view, c.type()) + ") AS " + DuckDbSession.identifier(c.name()))
                    .collect(Collectors.joining(", "));
            db.execute("CREATE VIEW " + name + " AS SELECT " + columns + " WHERE false");
            return;
        }
        String list = files.stream().map(p -> DuckDbSession.literal(p.toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        // Files of several partitions (a window) may differ by added columns: union them by name.
        db.execute("CREATE VIEW " + name + " AS SELECT * FROM read_parquet(" + list + ", hive_partitioning = false"
                + (files.size() > 1 ? ", union_by_name = true" : "") + ")");
    }

    /** Confines DuckDB to the work directory and the directories of inputs read in place. */
    private static void sandbox(DuckDbSession db, Path work, Set<Path> inPlaceDirectories) {
        List<Path> allowed = new ArrayList<>();
        allowed.add(work);
        allowed.addAll(inPlaceDirectories);
        db.sandbox(allowed);
    }

    /** A type name from a schema, in canonical form and safe in SQL text. */
    static String sqlType(String view, String type) {
        String normalized;
        try {
            normalized = DuckDbTypes.normalize(type);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("inputs." + view + ".schema", e.getMessage());
        }
        if (!SAFE_TYPE.matcher(normalized).matches() || normalized.contains("--")) {
            throw new InvalidSettingsException("inputs." + view + ".schema", "'" + type + "' is not a type name");
        }
        return normalized;
    }

    private StagingStore storeFor(URI uri) {
        StagingStore store = uri.getScheme() == null ? null : stores.get(uri.getScheme());
        if (store == null) {
            throw new InvalidSettingsException("location", "no store for " + uri + "; this engine serves "
                    + stores.keySet().stream().map(s -> s + ":").sorted().collect(Collectors.joining(", ")));
        }
        return store;
    }

    private static String describeSizes(Map<String, List<StoredObject>> resolved) {
        return resolved.entrySet().stream()
                .map(e -> e.getKey() + " " + TransformSettings.formatBytes(
                        e.getValue().stream().mapToLong(StoredObject::size).sum()) + " in " + e.getValue().size()
                        + (e.getValue().size() == 1 ? " file" : " files"))
                .collect(Collectors.joining(", "));
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
