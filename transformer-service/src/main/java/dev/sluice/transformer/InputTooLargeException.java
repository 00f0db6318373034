package dev.sluice.transformer;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.spec.model.SizeClass;

/**
 * A job's inputs are larger than its size class allows. Not retryable where it ran; for a {@code small} job the
 * message says to set {@code sizeClass: large}, and {@link #reroutable()} tells the stage that the work may be sent
 * to the large (container) queue instead.
 */
public class InputTooLargeException extends ClassifiedException {

    private final String job;
    private final SizeClass sizeClass;
    private final long inputBytes;
    private final long limitBytes;

    public InputTooLargeException(String job, SizeClass sizeClass, long inputBytes, long limitBytes, String detail) {
        super(ErrorClass.INPUT_TOO_LARGE, describe(job, sizeClass, inputBytes, limitBytes, detail));
        this.job = job;
        this.sizeClass = sizeClass;
        this.inputBytes = inputBytes;
        this.limitBytes = limitBytes;
    }

    private static String describe(String job, SizeClass sizeClass, long inputBytes, long limitBytes, String detail) {
        String text = "job " + job + ": the inputs hold " + TransformSettings.formatBytes(inputBytes)
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")") + ", more than the "
                + TransformSettings.formatBytes(limitBytes) + " allowed for size class " + sizeClass.wire() + "; ";
        return text + (sizeClass == SizeClass.SMALL
                ? "set `sizeClass: large` on job " + job + " to run it on container workers"
                : "raise " + TransformSettings.LARGE_MAX_INPUT + " or reduce the job's inputs");
    }

    public String job() {
        return job;
    }

    public SizeClass sizeClass() {
        return sizeClass;
    }

    public long inputBytes() {
        return inputBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Whether a larger size class exists to send the work to. */
    public boolean reroutable() {
        return sizeClass == SizeClass.SMALL;
    }
}
