package dev.sluice.extractor;

import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.SchemaDifference;
import dev.sluice.dataplane.SchemaContracts;
import dev.sluice.dataplane.SchemaDriftException;
import dev.sluice.spec.model.SchemaContract;
import java.util.List;

/** Checks what a source extracted against the dataset's schema contract. */
public final class SourceSchemaCheck {

    private SourceSchemaCheck() {}

    /**
     * Does nothing when {@code contract} is {@code null} or the schema honours it.
     *
     * @throws SchemaDriftException naming each difference (the stage publishes the schema-drift alert)
     */
    public static void check(String dataset, SchemaContract contract, DatasetSchema schema) {
        if (contract == null) {
            return;
        }
        List<SchemaDifference> differences = SchemaContracts.diff(contract, schema);
        if (!differences.isEmpty()) {
            throw new SchemaDriftException(dataset, differences);
        }
    }
}
