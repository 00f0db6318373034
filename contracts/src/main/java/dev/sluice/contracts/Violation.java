package dev.sluice.contracts;

/**
 * One reason an event is invalid.
 *
 * @param path    JSON path of the offending element, e.g. {@code $.data.inputs[0].version}; {@code $} is the whole event
 * @param message what is wrong
 * @param value   the offending value as JSON text (shortened), or {@code null} if there is none (e.g. missing)
 */
public record Violation(String path, String message, String value) {

    @Override
    public String toString() {
        return path + ": " + message + (value == null ? "" : " (value: " + value + ")");
    }
}
