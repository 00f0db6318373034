package dev.sluice.spec.settings;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    /**
     * This lookup as {@code reader} may see it: only the settings it {@code declared}. Reading any other setting is a
     * programming error of the reader, refused with its name, so a plug-in cannot reach past what it declares (and the
     * docs list) into the rest of the service's environment.
     */
    default Lookup restrictedTo(Collection<? extends SettingDef<?>> declared, String reader) {
        List<SettingDef<?>> allowed = List.copyOf(declared);
        return name -> {
            if (allowed.stream().noneMatch(d -> d.covers(name))) {
                throw new IllegalStateException(reader + " read setting " + name + ", which it does not declare");
            }
            return get(name);
        };
    }

    /** This lookup with {@code overrides} winning, e.g. command-line options over the environment. */
    default Lookup withOverrides(Map<String, String> overrides) {
        Map<String, String> copy = new HashMap<>(Objects.requireNonNull(overrides, "overrides"));
        return name -> copy.containsKey(name) ? copy.get(name) : get(name);
    }
}
