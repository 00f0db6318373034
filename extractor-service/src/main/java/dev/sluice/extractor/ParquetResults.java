package dev.sluice.extractor;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.DuckDbTypes;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.SchemaContracts;
import dev.sluice.spec.model.SchemaContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds {@link ExtractResult}s from Parquet files that sources wrote. */
public final class ParquetResults {

    /** The name of the file a source writes in its work directory. */
    public static final String OUTPUT_FILE = "extracted.parquet";

    private static final Pattern SAFE_TYPE = Pattern.compile("[A-Za-z0-9_(), \\[\\]\"-]+");

    private ParquetResults() {}

    /** The schema, row count and size of {@code parquet}, read back with DuckDB. */
    public static ExtractResult of(DuckDbSession db, Path parquet, long rejectedRows,
            List<Map<String, Object>> rejectedSample) {
        DatasetSchema schema = db.describe("read_parquet(?)", parquet);
        Object rows = db.queryValue("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(?)", parquet);
        try {
            return new ExtractResult(parquet, schema, ((Number) rows).longValue(), Files.size(parquet), rejectedRows,
                    rejectedSample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code type} in canonical form, safe to put in SQL text: it must parse as a type name and hold no quote
     * (other than in struct field names), semicolon or comment.
     *
     * @throws InvalidSettingsException when it is not
     */
    public static String sqlType(String type) {
        String normalized;
        try {
            normalized = DuckDbTypes.normalize(type);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("schema.columns.type", e.getMessage());
        }
        if (!SAFE_TYPE.matcher(normalized).matches() || normalized.contains("--")) {
            throw new InvalidSettingsException("schema.columns.type", "'" + type + "' is not a type name");
        }
        return normalized;
    }

    /**
     * The result of an allowed empty extraction: a Parquet file with the contract's columns and no rows, or, without
     * a contract, no file at all (Parquet cannot hold zero columns).
     */
    public static ExtractResult empty(DuckDbSession db, SchemaContract contract, Path parquet) {
        if (contract == null || contract.columns().isEmpty()) {
            return new ExtractResult(null, DatasetSchema.of(List.of()), 0, 0, 0, List.of());
        }
        DatasetSchema schema = SchemaContracts.schemaOf(contract);
        String select = schema.columns().stream()
                .map(c -> "CAST(NULL AS " + sqlType(c.type()) + ") AS " + DuckDbSession.identifier(c.name()))
                .collect(Collectors.joining(", ", "SELECT ", " WHERE false"));
        db.copyToParquet(select, parquet);
        return of(db, parquet, 0, List.of());
    }
}
