package dev.sluice.dataplane;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.FailureAlert;
import dev.sluice.contracts.SchemaDifference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The data does not match the dataset's schema contract. Carries each difference, so that the stage can publish a
 * schema-drift alert; the message names every column. Not retryable.
 */
public class SchemaDriftException extends ClassifiedException {

    private final String dataset;
    private final List<SchemaDifference> differences;

    public SchemaDriftException(String dataset, List<SchemaDifference> differences) {
        super(ErrorClass.SCHEMA_DRIFT, describe(dataset, differences));
        this.dataset = dataset;
        this.differences = List.copyOf(differences);
    }

    private static String describe(String dataset, List<SchemaDifference> differences) {
        return "schema drift" + (dataset == null ? "" : " in dataset " + dataset) + ": "
                + differences.stream().map(SchemaDriftException::describe).collect(Collectors.joining("; "));
    }

    /** One difference in words, e.g. {@code column amount: type changed from DOUBLE to VARCHAR}. */
    public static String describe(SchemaDifference d) {
        return switch (d.change()) {
            case MISSING -> "column " + d.column() + " is missing (expected " + d.expected() + ")";
            case TYPE_CHANGED -> "column " + d.column() + " changed type from " + d.expected() + " to " + d.actual();
            case UNEXPECTED -> "column " + d.column() + " (" + d.actual() + ") is not in the contract";
        };
    }

    /** The dataset whose contract was broken, or {@code null} if not known. */
    public String dataset() {
        return dataset;
    }

    public List<SchemaDifference> differences() {
        return differences;
    }

    /** A schema-drift alert listing the differences (a plain failure alert if there are none). */
    @Override
    public FailureAlert alert() {
        return differences.isEmpty() ? FailureAlert.FAILURE : FailureAlert.schemaDrift(dataset, differences);
    }
}
