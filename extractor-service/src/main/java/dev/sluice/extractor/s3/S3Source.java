package dev.sluice.extractor.s3;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.DuckDbTypes;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.QueryFailedException;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.dataplane.StorageException;
import dev.sluice.extractor.ExtractRequest;
import dev.sluice.extractor.ExtractResult;
import dev.sluice.extractor.ParquetResults;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.Templates;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.SchemaContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the S3 objects that the templated {@code uri} names as one Parquet file: downloads them with
 * {@link S3Transfer}, reads them with DuckDB ({@code read_csv}, {@code read_json}, {@code read_parquet}, files
 * combined by column name), and copies the rows to Parquet (zstd).
 *
 * <ul>
 *   <li>CSV and JSON are typed by DuckDB's detection; when the dataset has a schema contract, its types are applied
 *       to the columns it names (CSV through {@code types}, JSON through casts), so that a value that does not fit
 *       is malformed data rather than a silent type change.</li>
 *   <li>Nested JSON objects stay {@code STRUCT}s, arrays lists.</li>
 *   <li>{@code onMalformed: reject} keeps going past bad rows: CSV through DuckDB's reject tables, NDJSON through a
 *       line-by-line JSON check; the result counts them and samples up to ten.</li>
 * </ul>
 */
public final class S3Source implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    private static final String REJECTS_TABLE = "sluice_rejects";
    private static final String REJECTS_SCAN = "sluice_reject_scans";

    private final S3SourceSettings settings;
    private final SourceContext context;

    S3Source(S3SourceSettings settings, SourceContext context) {
        this.settings = settings;
        this.context = context;
    }

    public S3SourceSettings settings() {
        return settings;
    }

    @Override
    public ExtractResult extract(ExtractRequest request, Path workDir) {
        String uriSetting = context.setting("uri");
        String uriText = Templates.of(request, context.configuration()).fill(uriSetting, settings.uri());
        S3Uri uri;
        try {
            uri = S3Uri.parse(uriText);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(uriSetting, e.getMessage());
        }
        S3Transfer s3 = context.s3().get();
        List<S3ObjectRef> objects;
        try {
            objects = s3.resolve(uri).stream().filter(o -> !o.uri().key().endsWith("/")).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(uriSetting, "bad glob '" + uriText + "': " + e.getMessage());
        } catch (StorageException e) {
            throw sourceFailure(e);
        }
        Path output = workDir.resolve(ParquetResults.OUTPUT_FILE);
        SchemaContract contract = context.contract().orElse(null);
        if (objects.isEmpty()) {
            if (!settings.allowEmpty()) {
                throw new ClassifiedException(ErrorClass.EMPTY_INPUT, "no objects match " + uriText + " (" + context.setting("uri")
                        + "; set allowEmpty: true if that can be normal)");
            }
            try (DuckDbSession db = DuckDbSession.open(context.duckDb())) {
                return ParquetResults.empty(db, contract, output);
            }
        }
        List<S3Transfer.Downloaded> files;
        try {
            files = s3.download(objects, workDir.resolve("input"));
        } catch (StorageException e) {
            throw sourceFailure(e);
        }
        Map<String, String> origins = new HashMap<>();
        files.forEach(f -> origins.put(f.file().toAbsolutePath().toString(), f.source().uri().toString()));
        if (!settings.format().equals("parquet") && !settings.rejectMalformed()) {
            // The reject filter checks while it reads; DuckDB would not stop at the caps, so check first.
            for (S3Transfer.Downloaded f : files) {
                boolean gzip = S3SourceLimits.isGzip(f.file(), settings.compression());
                boolean lines = settings.format().equals("ndjson");
                if (gzip || lines) {
                    S3SourceLimits.check(f.file(), gzip, settings.maxDecompressedBytes(),
                            context.setting("maxDecompressedBytes"), lines ? settings.maxLineBytes() : 0,
                            context.setting("maxLineBytes"), f.source().uri().toString());
                }
            }
        }
        LOG.debug("Reading {} objects ({} bytes) from {}", files.size(),
                objects.stream().mapToLong(S3ObjectRef::size).sum(), uriText);

        try (DuckDbSession db = DuckDbSession.open(context.duckDb())) {
            List<String> paths = files.stream().map(f -> f.file().toAbsolutePath().toString()).toList();
            long rejected = 0;
            List<Map<String, Object>> sample = List.of();
            try {
                switch (settings.format()) {
                    case "csv" -> {
                        String reader = csvReader(db, paths, contract);
                        db.copyToParquet("SELECT * FROM " + reader, output, csvParams(paths));
                        if (settings.rejectMalformed()) {
                            rejected = db.count("SELECT DISTINCT scan_id, file_id, line FROM " + REJECTS_TABLE);
                            sample = csvRejectSample(db, origins);
                        }
                    }
                    case "ndjson", "json" -> {
                        List<String> inputs = paths;
                        if (settings.rejectMalformed()) {
                            S3SourceNdjsonFilter.Result filtered = S3SourceNdjsonFilter.filter(files,
                                    workDir.resolve("valid"), settings.compression(), settings.maxLineBytes(),
                                    context.setting("maxLineBytes"), settings.maxDecompressedBytes(),
                                    context.setting("maxDecompressedBytes"));
                            inputs = filtered.files().stream().map(p -> p.toAbsolutePath().toString()).toList();
                            rejected = filtered.rejectedRows();
                            sample = filtered.sample();
                            if (filtered.validRows() == 0) {
                                return emptyAfterRejects(db, contract, output, rejected, sample);
                            }
                        }
                        String reader = "read_json(?, format = ?, compression = ?, union_by_name = true, "
                                + "maximum_object_size = " + settings.maxLineBytes() + ")";
                        Object[] params = {inputs, settings.format().equals("ndjson") ? "newline_delimited" : "auto",
                                settings.rejectMalformed() ? "none" : jsonCompression()};
                        String select = "SELECT " + coercions(db.describe(reader, params), contract) + " FROM " + reader;
                        db.copyToParquet(select, output, params);
                    }
                    case "parquet" -> db.copyToParquet("SELECT * FROM read_parquet(?, union_by_name = true)", output,
                            paths);
                    default -> throw new IllegalStateException(settings.format());
                }
            } catch (QueryFailedException e) {
                String message = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                if (message.contains("maximum_object_size")) {
                    ClassifiedException cause = S3SourceErrors.translate(e, origins);
                    throw new ClassifiedException(ErrorClass.LIMIT_EXCEEDED, context.setting("maxLineBytes") + ": a record is longer than "
                            + settings.maxLineBytes() + " bytes (" + cause.getMessage().lines().findFirst().orElse("")
                            + "); raise maxLineBytes if that is expected", e);
                }
                throw S3SourceErrors.translate(e, origins);
            }
            return ParquetResults.of(db, output, rejected, sample);
        }
    }

    private ExtractResult emptyAfterRejects(DuckDbSession db, SchemaContract contract, Path output, long rejected,
            List<Map<String, Object>> sample) {
        ExtractResult empty = ParquetResults.empty(db, contract, output);
        return new ExtractResult(empty.parquetFile(), empty.schema(), 0, empty.bytes(), rejected, sample);
    }

    /** {@code read_csv(...)} with the options bound as parameters, see {@link #csvParams}. */
    private String csvReader(DuckDbSession db, List<String> paths, SchemaContract contract) {
        StringBuilder sql = new StringBuilder("read_csv(?, header = ?, delim = ?, quote = ?, compression = ?");
        if (settings.escape() != null) {
            sql.append(", escape = ?");
        }
        if (settings.nullString() != null) {
            sql.append(", nullstr = ?");
        }
        if (!settings.rejectMalformed()) {
            // DuckDB keeps no reject tables when it combines files by column name: then files must agree on columns.
            sql.append(", union_by_name = true");
        }
        String types = contractTypes(db, sql + ")", paths, contract);
        if (types != null) {
            sql.append(", types = ").append(types);
        }
        if (settings.rejectMalformed()) {
            sql.append(", store_rejects = true, rejects_table = ").append(DuckDbSession.literal(REJECTS_TABLE))
                    .append(", rejects_scan = ").append(DuckDbSession.literal(REJECTS_SCAN));
        }
        return sql.append(")").toString();
    }

    private Object[] csvParams(List<String> paths) {
        List<Object> params = new ArrayList<>(List.of(paths, settings.header(), String.valueOf(settings.delimiter()),
                String.valueOf(settings.quote()), settings.compression()));
        if (settings.escape() != null) {
            params.add(String.valueOf(settings.escape()));
        }
        if (settings.nullString() != null) {
            params.add(settings.nullString());
        }
        return params.toArray();
    }

    /**
     * The contract's types of the columns the files have, as a {@code types} struct literal, or {@code null}. Column
     * names come from DuckDB's detection; columns the files lack are left to the schema check.
     */
    private String contractTypes(DuckDbSession db, String sniffReader, List<String> paths, SchemaContract contract) {
        if (contract == null || contract.columns().isEmpty()) {
            return null;
        }
        DatasetSchema detected;
        try {
            detected = db.describe(sniffReader, csvParams(paths));
        } catch (QueryFailedException e) {
            return null; // the read itself reports the problem, with its line
        }
        Map<String, ColumnSpec> byName = byLowerName(contract);
        Map<String, String> types = new LinkedHashMap<>();
        for (DatasetSchema.Column c : detected.columns()) {
            ColumnSpec spec = byName.get(c.name().toLowerCase(Locale.ROOT));
            if (spec != null) {
                types.put(c.name(), ParquetResults.sqlType(spec.type()));
            }
        }
        if (types.isEmpty()) {
            return null;
        }
        return types.entrySet().stream()
                .map(e -> DuckDbSession.literal(e.getKey()) + ": " + DuckDbSession.literal(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** {@code *}, with casts to the contract's types of the columns whose detected type differs. */
    private static String coercions(DatasetSchema detected, SchemaContract contract) {
        if (contract == null || contract.columns().isEmpty()) {
            return "*";
        }
        Map<String, ColumnSpec> byName = byLowerName(contract);
        List<String> casts = new ArrayList<>();
        for (DatasetSchema.Column c : detected.columns()) {
            ColumnSpec spec = byName.get(c.name().toLowerCase(Locale.ROOT));
            if (spec != null) {
                String type = ParquetResults.sqlType(spec.type());
                if (!type.equals(DuckDbTypes.normalize(c.type()))) {
                    String column = DuckDbSession.identifier(c.name());
                    casts.add("CAST(" + column + " AS " + type + ") AS " + column);
                }
            }
        }
        return casts.isEmpty() ? "*" : "* REPLACE (" + String.join(", ", casts) + ")";
    }

    private static Map<String, ColumnSpec> byLowerName(SchemaContract contract) {
        Map<String, ColumnSpec> byName = new HashMap<>();
        contract.columns().forEach(c -> byName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
        return byName;
    }

    private String jsonCompression() {
        return settings.compression().equals("auto") ? "auto_detect" : settings.compression();
    }

    private static List<Map<String, Object>> csvRejectSample(DuckDbSession db, Map<String, String> origins) {
        List<Map<String, Object>> sample = new ArrayList<>();
        db.query("SELECT s.file_path, e.line, e.column_name, e.error_type, e.error_message, e.csv_line"
                + " FROM " + REJECTS_TABLE + " e JOIN " + REJECTS_SCAN + " s USING (scan_id, file_id)"
                + " ORDER BY s.file_path, e.line, e.column_idx LIMIT 100", rs -> {
                    String file = origins.getOrDefault(rs.getString(1), rs.getString(1));
                    long line = rs.getLong(2);
                    boolean seen = sample.stream().anyMatch(m -> m.get("file").equals(file) && m.get("line").equals(line));
                    if (!seen && sample.size() < ExtractResult.MAX_REJECTED_SAMPLE) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("file", file);
                        row.put("line", line);
                        row.put("error", rs.getString(4) + (rs.getString(3) == null ? "" : " in column " + rs.getString(3))
                                + ": " + rs.getString(5));
                        row.put("content", S3SourceNdjsonFilter.truncate(rs.getString(6)));
                        sample.add(row);
                    }
                });
        return sample;
    }

    /** An S3 failure reading the source's objects, in the source's terms. */
    private static RuntimeException sourceFailure(StorageException e) {
        if (e.accessDenied()) {
            return new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, "access to the source objects was denied: " + e.getMessage(), e);
        }
        if (e.retryable()) {
            return new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, e.getMessage(), e);
        }
        return new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, e.getMessage(), e);
    }
}
