package dev.sluice.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** An event that is not valid JSON, has an unknown type, or breaks its type's schema. Lists every violation. */
public class InvalidEventException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(Violation violation) {
        this(List.of(violation));
    }

    /** Every violation, in the order found. */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(List<Violation> violations) {
        return "invalid event: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
