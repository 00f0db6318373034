package dev.sluice.spark;

import dev.sluice.contracts.ErrorClass;

/** A failed Spark transform, with the error class its stage-failed event carries. */
final class SparkTransformException extends RuntimeException {

    private final ErrorClass errorClass;

    SparkTransformException(ErrorClass errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    ErrorClass errorClass() {
        return errorClass;
    }
}
