package dev.sluice.transformer;

import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.dataplane.DataPlaneException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * At least one data-quality check of severity {@code error} failed, so nothing was staged. Carries every failing
 * check, warnings included, each with its failing count and a sample of up to
 * {@value QualityCheckResult#MAX_SAMPLE} rows, for the data-quality alert. Not retryable: the same inputs give the
 * same output.
 */
public class QualityCheckFailedException extends DataPlaneException {

    private final String job;
    private final String dataset;
    private final List<CheckOutcome> failures;

    public QualityCheckFailedException(String job, String dataset, List<CheckOutcome> failures) {
        super(describe(job, dataset, failures));
        this.job = job;
        this.dataset = dataset;
        this.failures = List.copyOf(failures);
    }

    private static String describe(String job, String dataset, List<CheckOutcome> failures) {
        return "job " + job + ": data-quality checks failed on output " + dataset + ": "
                + failures.stream().map(CheckOutcome::describe).collect(Collectors.joining("; "));
    }

    public String job() {
        return job;
    }

    public String dataset() {
        return dataset;
    }

    /** The failing checks, errors and warnings, in the order of the spec. */
    public List<CheckOutcome> failures() {
        return failures;
    }

    /** The failing checks as the contracts' results, for the alert event. */
    public List<QualityCheckResult> results() {
        return failures.stream().map(CheckOutcome::toResult).toList();
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "QualityCheckFailed";
    }

    /** The first failing check that blocks (severity error), for the stage runner's data-quality alert. */
    @Override
    public QualityCheckResult failedCheck() {
        return failures.stream().filter(f -> !f.passed() && f.severity() == dev.sluice.spec.model.QualityCheckSpec.Severity.ERROR)
                .findFirst().or(() -> failures.stream().findFirst()).map(CheckOutcome::toResult).orElse(null);
    }
}
