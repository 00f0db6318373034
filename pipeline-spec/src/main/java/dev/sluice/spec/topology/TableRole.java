package dev.sluice.spec.topology;

/** The DynamoDB tables. */
public enum TableRole {
    /** {@code dataset#partition → version}, location, schema fingerprint. */
    DATASET_VERSIONS("dataset-versions"),
    /** {@code job#partition → inputs hash, generation, runId, state}. */
    RELEASES("releases"),
    /** {@code runId → stage states, timings, rows, lineage, errors}. */
    RUNS("runs");

    private final String suffix;

    TableRole(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
