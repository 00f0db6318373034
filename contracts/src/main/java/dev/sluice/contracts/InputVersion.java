package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.atLeast;
import static dev.sluice.contracts.Checks.ensure;
import static dev.sluice.contracts.Checks.required;

import java.net.URI;

/** The exact version of one input partition that a run reads. Location or manifest (or both) is set. */
public record InputVersion(
        String dataset,
        Partition partition,
        long version,
        @OptionalField URI location,
        @OptionalField URI manifest) {

    public InputVersion {
        required(dataset, "dataset");
        required(partition, "partition");
        atLeast(version, 1, "version");
        ensure(location != null || manifest != null, "location or manifest is required");
    }

    /** The version a data-ready event announced. */
    public static InputVersion of(DataReady ready) {
        return new InputVersion(ready.dataset(), ready.partition(), ready.version(), ready.location(), ready.manifest());
    }
}
