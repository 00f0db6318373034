package dev.sluice.spec.model;

import java.util.Objects;

/**
 * One input of a job.
 *
 * @param dataset the input dataset's name
 * @param mapping which partitions of the input a job partition needs; {@code same} by default
 * @param alias   the SQL view name of the input; the dataset name by default
 */
public record InputSpec(String dataset, InputMapping mapping, String alias) {
    public InputSpec {
        Objects.requireNonNull(dataset, "dataset");
        mapping = mapping == null ? InputMapping.SAME : mapping;
    }

    public String viewName() {
        return alias == null ? dataset : alias;
    }
}
