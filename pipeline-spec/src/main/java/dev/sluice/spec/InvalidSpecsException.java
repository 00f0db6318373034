package dev.sluice.spec;

import dev.sluice.spec.load.SpecError;
import java.util.List;
import java.util.stream.Collectors;

/** The specs have errors; nothing may run until they are fixed. */
public final class InvalidSpecsException extends RuntimeException {
    private final transient List<SpecError> errors;

    public InvalidSpecsException(List<SpecError> errors) {
        super(errors.size() + " spec error(s):\n" + errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
