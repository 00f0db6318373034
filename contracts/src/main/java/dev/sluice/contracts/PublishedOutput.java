package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.required;

import java.net.URI;

/** A dataset partition version that a run published, through a manifest. */
public record PublishedOutput(
        String dataset,
        Partition partition,
        long version,
        URI manifest,
        long rowCount) {

    public PublishedOutput {
        required(dataset, "dataset");
        required(partition, "partition");
        atLeast(version, 1, "version");
        required(manifest, "manifest");
    }
}
