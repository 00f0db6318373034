package dev.sluice.transformer;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.FailureAlert;
import dev.sluice.contracts.QualityCheckResult;
import dev.sluice.spec.model.QualityCheckSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * At least one data-quality check of severity {@code error} failed, so nothing was staged. Carries every failing
 * check, warnings included, each with its failing count and a sample of up to
 * {@value QualityCheckResult#MAX_SAMPLE} rows, for the data-quality alert. Not retryable: the same inputs give the
 * same output.
 */
public class QualityCheckFailedException extends ClassifiedException {

    private final String job;
    private final String dataset;
    private final List<CheckOutcome> failures;

    public QualityCheckFailedException(String job, String dataset, List<CheckOutcome> failures) {
        super(ErrorClass.QUALITY_CHECK_FAILED, describe(job, dataset, failures));
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

    /** The first failing check that blocks (severity error), or else the first failing one. */
    public QualityCheckResult failedCheck() {
        return failures.stream().filter(f -> !f.passed() && f.severity() == QualityCheckSpec.Severity.ERROR)
                .findFirst().or(() -> failures.stream().findFirst()).map(CheckOutcome::toResult).orElse(null);
    }

    /** A data-quality alert on {@link #failedCheck()}; a plain failure alert when no check is known. */
    @Override
    public FailureAlert alert() {
        QualityCheckResult check = failedCheck();
        return check == null ? FailureAlert.FAILURE : FailureAlert.dataQuality(dataset, check);
    }
}
