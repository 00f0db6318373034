package dev.sluice.loader;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.model.ComponentSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The target plug-ins by type, as {@link ServiceLoader} finds them (or as given, in tests). */
public final class TargetRegistry {

    private final Map<String, TargetFactory> factories;

    public TargetRegistry(Collection<? extends TargetFactory> factories) {
        Map<String, TargetFactory> byType = new TreeMap<>();
        for (TargetFactory f : factories) {
            TargetFactory previous = byType.put(f.type(), f);
            if (previous != null) {
                throw new IllegalStateException("two target plug-ins of type '" + f.type() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        this.factories = Map.copyOf(byType);
    }

    /** The plug-ins on the class path of this class's loader. */
    public static TargetRegistry load() {
        return new TargetRegistry(ServiceLoader.load(TargetFactory.class, TargetRegistry.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList());
    }

    /** The known types, sorted. */
    public Set<String> types() {
        return new TreeSet<>(factories.keySet());
    }

    /** The factory of {@code type}, if any. */
    public java.util.Optional<TargetFactory> factory(String type) {
        return java.util.Optional.ofNullable(type == null ? null : factories.get(type));
    }

    /**
     * A target for {@code spec}, its settings validated.
     *
     * @throws InvalidSettingsException for an unknown type or a bad setting
     */
    public LoadTarget create(ComponentSpec spec, TargetContext context) {
        Objects.requireNonNull(spec, "spec");
        TargetFactory factory = spec.type() == null ? null : factories.get(spec.type());
        if (factory == null) {
            throw new InvalidSettingsException(context.setting("type"), "unknown target type '" + spec.type()
                    + "', expected " + PluginSettings.choices(List.copyOf(types())));
        }
        return factory.create(spec, context.withConfiguration(context.configuration()
                .restrictedTo(factory.configuration(), "target plug-in '" + factory.type() + "'")));
    }
}
