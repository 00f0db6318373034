package dev.sluice.spark;

import dev.sluice.contracts.ErrorClass;
import dev.sluice.spec.model.QualityCheckSpec;
import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One {@code xl} transform in Spark SQL, as the transformer runs one in DuckDB:
 *
 * <ol>
 *   <li>a temporary view per input over its Parquet files (schemas merged by name, as DuckDB's
 *       {@code union_by_name}); an input without files reads as empty with its declared columns;</li>
 *   <li>the one-row view {@code sluice_params} (the partition's dimensions, {@code run_id}, {@code generation}),
 *       its values bound as named parameters;</li>
 *   <li>the job's SQL, written as Parquet (zstd) under the staging prefix (overwriting a retry's files);</li>
 *   <li>the output dataset's contract, then the data-quality checks, on the view {@code output} over the staged
 *       files; when either fails the staged files are deleted.</li>
 * </ol>
 *
 * <p>Failures come back as a {@link SparkJobResult} with the error class the DuckDB transform would give:
 * {@code SqlError} for SQL Spark cannot parse or analyze, {@code QueryFailed} for one that fails while running,
 * {@code SchemaDrift}, {@code QualityCheckFailed}, {@code InvalidSettings} for a check naming a missing column.
 */
public final class SparkTransform {

    public static final String OUTPUT = "output";
    public static final String PARAMS = "sluice_params";

    private final SparkSession spark;

    public SparkTransform(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** Runs {@code request}; never throws for a failure of the job, which is in the result. */
    public SparkJobResult run(SparkJobRequest request) {
        List<SparkJobResult.Check> outcomes = new ArrayList<>();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        hadoop.set("parquet.compression", "ZSTD");
        boolean staged = false;
        try {
            for (Map.Entry<String, List<String>> input : request.inputs().entrySet()) {
                inputView(request, input.getKey(), input.getValue());
            }
            paramsView(request);
            Dataset<Row> result;
            try {
                result = spark.sql(singleQuery(request.sql()));
            } catch (Exception e) { // Scala throws AnalysisException (checked in Java) unchecked
                throw new SparkTransformException(sqlErrorClass(e), "job " + request.job() + ": "
                        + request.sqlFile() + ": " + e.getMessage(), e);
            }
            try {
                staged = true;
                result.write().mode(SaveMode.Overwrite).option("compression", "zstd").parquet(request.stagingPrefix());
            } catch (RuntimeException e) {
                throw new SparkTransformException(ErrorClass.QUERY_FAILED, "job " + request.job() + ": "
                        + request.sqlFile() + ": " + e.getMessage(), e);
            }
            Dataset<Row> output = spark.read().parquet(request.stagingPrefix());
            output.createOrReplaceTempView(OUTPUT);
            Map<String, String> columns = new LinkedHashMap<>();
            for (StructField f : output.schema().fields()) {
                columns.put(f.name(), SparkTypes.duckDbName(f.dataType()));
            }
            long rows = output.count();
            List<String> drift = contractDifferences(request.contract(), columns);
            if (!drift.isEmpty()) {
                throw new SparkTransformException(ErrorClass.SCHEMA_DRIFT, "output " + request.dataset()
                        + " breaks its schema contract: " + String.join("; ", drift), null);
            }
            for (int i = 0; i < request.checks().size(); i++) {
                outcomes.add(check(request, i, request.checks().get(i), columns, rows));
            }
            List<SparkJobResult.Check> blocking = outcomes.stream().filter(c -> !c.passed() && c.blocking()).toList();
            if (!blocking.isEmpty()) {
                throw new SparkTransformException(ErrorClass.QUALITY_CHECK_FAILED, "job " + request.job() + ": output "
                        + request.dataset() + " failed " + blocking.stream().map(c -> c.name() + " (" + c.detail() + ")")
                        .collect(Collectors.joining(", ")), null);
            }
            List<String> files = new ArrayList<>();
            long bytes = 0;
            for (FileStatus s : list(request.stagingPrefix())) {
                files.add(request.stagingPrefix() + s.getPath().getName());
                bytes += s.getLen();
            }
            return new SparkJobResult(true, null, null, files, columns, rows, bytes, outcomes);
        } catch (SparkTransformException e) {
            if (staged) {
                delete(request.stagingPrefix());
            }
            return SparkJobResult.failed(e.errorClass().wireName(), e.getMessage(), outcomes);
        } catch (Exception e) {
            if (staged) {
                delete(request.stagingPrefix());
            }
            return SparkJobResult.failed(ErrorClass.QUERY_FAILED.wireName(), "job " + request.job() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), outcomes);
        }
    }

    private void inputView(SparkJobRequest request, String view, List<String> locations) {
        Dataset<Row> df;
        if (locations.isEmpty()) {
            Map<String, String> schema = request.emptyInputs().get(view);
            if (schema == null || schema.isEmpty()) {
                throw new SparkTransformException(ErrorClass.EMPTY_INPUT, "job " + request.job() + ": input " + view
                        + " has no Parquet file", null);
            }
            String ddl;
            try {
                ddl = schema.entrySet().stream().map(c -> "`" + c.getKey().replace("`", "``") + "` "
                        + SparkTypes.sparkDdl(c.getValue())).collect(Collectors.joining(", "));
            } catch (IllegalArgumentException e) {
                throw new SparkTransformException(ErrorClass.INVALID_SETTINGS, "inputs." + view + ".schema: "
                        + e.getMessage(), e);
            }
            df = spark.createDataFrame(List.<Row>of(), StructType.fromDDL(ddl));
        } else {
            try {
                df = spark.read().option("mergeSchema", "true").parquet(locations.toArray(String[]::new));
            } catch (Exception e) {
                throw new SparkTransformException(ErrorClass.MALFORMED_DATA, "job " + request.job() + ": input "
                        + view + ": " + e.getMessage(), e);
            }
        }
        df.createOrReplaceTempView(view);
    }

    private void paramsView(SparkJobRequest request) {
        if (request.params().isEmpty()) {
            return;
        }
        List<String> select = new ArrayList<>();
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < request.params().size(); i++) {
            SparkJobRequest.Param p = request.params().get(i);
            String type = switch (p.type()) {
                case "DATE" -> "DATE";
                case "INTEGER" -> "INT";
                case "BIGINT" -> "BIGINT";
                case "DOUBLE" -> "DOUBLE";
                case "BOOLEAN" -> "BOOLEAN";
                case "TIMESTAMP" -> "TIMESTAMP_NTZ";
                default -> "STRING";
            };
            select.add("CAST(:p" + i + " AS " + type + ") AS `" + p.name() + "`");
            args.put("p" + i, p.value());
        }
        spark.sql("SELECT " + String.join(", ", select), args).createOrReplaceTempView(PARAMS);
    }

    private SparkJobResult.Check check(SparkJobRequest request, int index, QualityCheckSpec check,
            Map<String, String> columns, long rows) {
        String name = check.displayName();
        boolean blocking = check.severity() == QualityCheckSpec.Severity.ERROR;
        String where = "outputs[" + request.dataset() + "].checks[" + index + "]";
        for (String c : checkColumns(check)) {
            if (columns.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(c))) {
                throw new SparkTransformException(ErrorClass.INVALID_SETTINGS, where + ": check " + name
                        + " names column '" + c + "', which the output does not have (its columns: "
                        + String.join(", ", columns.keySet()) + ")", null);
            }
        }
        long failing;
        String detail;
        switch (check.type()) {
            case ROW_COUNT -> {
                boolean ok = (check.min() == null || rows >= check.min()) && (check.max() == null || rows <= check.max());
                return new SparkJobResult.Check(name, ok, blocking, ok ? 0 : rows, rows + " rows"
                        + (ok ? "" : ", expected " + (check.min() == null ? "" : "at least " + check.min())
                        + (check.min() != null && check.max() != null ? " and " : "")
                        + (check.max() == null ? "" : "at most " + check.max())));
            }
            case NOT_NULL -> {
                failing = count("SELECT * FROM " + OUTPUT + " WHERE " + check.columns().stream()
                        .map(c -> quote(c) + " IS NULL").collect(Collectors.joining(" OR ")), Map.of());
                detail = failing + " row(s) with a null in " + String.join(", ", check.columns());
            }
            case UNIQUE -> {
                String cols = check.columns().stream().map(SparkTransform::quote).collect(Collectors.joining(", "));
                failing = count("SELECT " + cols + " FROM " + OUTPUT + " WHERE " + check.columns().stream()
                        .map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND ")) + " GROUP BY " + cols
                        + " HAVING count(*) > 1", Map.of());
                detail = failing + " duplicated value(s) of " + String.join(", ", check.columns());
            }
            case ACCEPTED_VALUES -> {
                Map<String, Object> args = new HashMap<>();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < check.values().size(); i++) {
                    args.put("v" + i, check.values().get(i));
                    values.add(":v" + i);
                }
                failing = count("SELECT * FROM " + OUTPUT + " WHERE " + quote(check.column()) + " IS NOT NULL AND NOT "
                        + "array_contains(array(" + String.join(", ", values) + "), CAST(" + quote(check.column())
                        + " AS STRING))", args);
                detail = failing + " row(s) with a value of " + check.column() + " not in " + check.values();
            }
            case SQL -> {
                try {
                    failing = count(singleQuery(check.sql()), Map.of());
                } catch (SparkTransformException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SparkTransformException(sqlErrorClass(e), where + ": check " + name + ": "
                            + e.getMessage(), e);
                }
                detail = failing + " failing row(s)";
            }
            default -> throw new IllegalStateException(check.type().toString());
        }
        return new SparkJobResult.Check(name, failing == 0, blocking, failing, detail);
    }

    /** SQL Spark cannot parse or analyze is the job's error; a failure while it runs is the query's. */
    private static ErrorClass sqlErrorClass(Exception e) {
        return e instanceof AnalysisException ? ErrorClass.SQL_ERROR : ErrorClass.QUERY_FAILED;
    }

    private static List<String> checkColumns(QualityCheckSpec check) {
        return switch (check.type()) {
            case NOT_NULL, UNIQUE -> check.columns();
            case ACCEPTED_VALUES -> List.of(check.column());
            default -> List.of();
        };
    }

    private long count(String query, Map<String, Object> args) {
        return spark.sql("SELECT count(*) FROM (" + query + ") AS checked", args).first().getLong(0);
    }

    static List<String> contractDifferences(Map<String, String> contract, Map<String, String> columns) {
        List<String> differences = new ArrayList<>();
        Map<String, String> byLower = new HashMap<>();
        columns.forEach((k, v) -> byLower.put(k.toLowerCase(Locale.ROOT), v));
        contract.forEach((name, type) -> {
            String actual = byLower.get(name.toLowerCase(Locale.ROOT));
            if (actual == null) {
                differences.add("column " + name + " (" + type + ") is missing");
            } else if (!SparkTypes.same(type, actual)) {
                differences.add("column " + name + " is " + actual + ", the contract says " + type);
            }
        });
        return differences;
    }

    /** The SQL without a trailing {@code ;}, as one query. */
    static String singleQuery(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private List<FileStatus> list(String prefix) {
        try {
            Path path = new Path(prefix);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return Arrays.stream(fs.listStatus(path)).filter(FileStatus::isFile)
                    .filter(s -> s.getPath().getName().endsWith(".parquet")).sorted((a, b) -> a.getPath().getName()
                            .compareTo(b.getPath().getName())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + prefix, e);
        }
    }

    private void delete(String prefix) {
        try {
            Path path = new Path(prefix);
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
        } catch (IOException | RuntimeException e) {
            // best effort: the stage fails anyway, and a retry overwrites the prefix
        }
    }
}
