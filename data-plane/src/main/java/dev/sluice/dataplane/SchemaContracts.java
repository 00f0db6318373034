package dev.sluice.dataplane;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.contracts.SchemaDifference.Change;
import dev.sluice.spec.model.ColumnSpec;
import dev.sluice.spec.model.SchemaContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares an actual schema with a dataset's contract.
 *
 * <p>Columns match by name, ignoring case as DuckDB does; types match after {@link DuckDbTypes#normalize}. Order
 * and nullability are not compared (nullability is a data-quality check).
 */
public final class SchemaContracts {

    private SchemaContracts() {}

    /**
     * The differences, in the contract's column order, then the unexpected columns in the data's order: every
     * contract column that is missing or typed differently, and, when the contract forbids unexpected columns, every
     * column it does not name. Empty when the data honours the contract.
     */
    public static List<SchemaDifference> diff(SchemaContract contract, DatasetSchema actual) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(actual, "actual");
        Map<String, DatasetSchema.Column> byName = new LinkedHashMap<>();
        for (DatasetSchema.Column c : actual.columns()) {
            byName.putIfAbsent(key(c.name()), c);
        }
        List<SchemaDifference> differences = new ArrayList<>();
        Map<String, ColumnSpec> expected = new LinkedHashMap<>();
        for (ColumnSpec spec : contract.columns()) {
            expected.put(key(spec.name()), spec);
            DatasetSchema.Column column = byName.get(key(spec.name()));
            String expectedType = normalizeOrKeep(spec.type());
            if (column == null) {
                differences.add(new SchemaDifference(spec.name(), Change.MISSING, expectedType, null));
            } else {
                String actualType = normalizeOrKeep(column.type());
                if (!expectedType.equals(actualType)) {
                    differences.add(new SchemaDifference(spec.name(), Change.TYPE_CHANGED, expectedType, actualType));
                }
            }
        }
        if (contract.unexpectedColumns() == SchemaContract.UnexpectedColumns.FORBID) {
            for (DatasetSchema.Column c : actual.columns()) {
                if (!expected.containsKey(key(c.name()))) {
                    differences.add(new SchemaDifference(c.name(), Change.UNEXPECTED, null, normalizeOrKeep(c.type())));
                }
            }
        }
        return List.copyOf(differences);
    }

    /** The contract's columns as a schema, types normalized: for an empty result that must still have them. */
    public static DatasetSchema schemaOf(SchemaContract contract) {
        return DatasetSchema.of(contract.columns().stream()
                .map(c -> new DatasetSchema.Column(c.name(), normalizeOrKeep(c.type()), c.nullable()))
                .toList());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String normalizeOrKeep(String type) {
        try {
            return DuckDbTypes.normalize(type);
        } catch (IllegalArgumentException e) {
            return type.trim().toUpperCase(Locale.ROOT);
        }
    }
}
