package dev.sluice.spec.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where settings come from: a name to its value, or {@code null} when unset. {@link #environment()} is the one place
 * Sluice reads its process environment; tests pass a map.
 */
@FunctionalInterface
public interface Lookup {

    /** The value of setting {@code name} as written, or {@code null} when it is not set. */
    String get(String name);

    /** Environment variables first, then Java system properties of the same name ({@code -DSLUICE_ENV=dev}). */
    static Lookup environment() {
        return name -> {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        };
    }

    /** The values of {@code settings} (copied); nothing else is set. */
    static Lookup of(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(Objects.requireNonNull(settings, "settings"));
        return copy::get;
    }

    /** This lookup with {@code overrides} winning, e.g. command-line options over the environment. */
    default Lookup withOverrides(Map<String, String> overrides) {
        Map<String, String> copy = new HashMap<>(Objects.requireNonNull(overrides, "overrides"));
        return name -> copy.containsKey(name) ? copy.get(name) : get(name);
    }
}
