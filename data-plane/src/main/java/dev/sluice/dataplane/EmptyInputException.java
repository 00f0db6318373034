package dev.sluice.dataplane;

/** The source matched no input for the partition and the spec does not allow that (`allowEmpty: false`). */
public class EmptyInputException extends DataPlaneException {

    public EmptyInputException(String message) {
        super(message);
    }

    public EmptyInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String errorClass() {
        return "EmptyInput";
    }
}
