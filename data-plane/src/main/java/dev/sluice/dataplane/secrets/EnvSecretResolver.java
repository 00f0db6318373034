package dev.sluice.dataplane.secrets;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.settings.Lookup;
import java.util.Objects;
import java.util.regex.Pattern;

/** Resolves {@code env:NAME} from the process environment (or any lookup, in tests). */
public final class EnvSecretResolver implements SecretResolver {

    public static final String SCHEME = "env";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Lookup lookup;

    public EnvSecretResolver(Lookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** Reads the real environment. */
    public static EnvSecretResolver fromEnvironment() {
        return new EnvSecretResolver(System::getenv);
    }

    @Override
    public Secret resolve(String setting, String reference) {
        String name = reference.startsWith(SCHEME + ":") ? reference.substring(SCHEME.length() + 1) : reference;
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSettingsException(setting, "'" + reference
                    + "' is not a valid environment variable reference; expected env:NAME");
        }
        String value = lookup.get(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidSettingsException(setting, "the environment variable " + name + " (from '" + reference
                    + "') is not set");
        }
        return Secret.of(value);
    }
}
