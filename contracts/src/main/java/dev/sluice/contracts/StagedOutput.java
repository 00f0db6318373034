package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import java.net.URI;
import java.util.List;

/**
 * One output that a stage wrote to staging.
 *
 * @param location the S3 URI prefix of the files
 * @param files    the files, as URIs
 */
public record StagedOutput(
        String name,
        URI location,
        List<URI> files,
        long rowCount,
        long bytes,
        DatasetSchema schema) {

    public StagedOutput {
        required(name, "name");
        required(location, "location");
        files = list(files);
        required(schema, "schema");
    }
}
