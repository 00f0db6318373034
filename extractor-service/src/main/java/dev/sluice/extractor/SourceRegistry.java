package dev.sluice.extractor;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.model.ComponentSpec;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The source plug-ins by type, as {@link ServiceLoader} finds them (or as given, in tests). */
public final class SourceRegistry {

    private final Map<String, SourceFactory> factories;

    public SourceRegistry(Collection<? extends SourceFactory> factories) {
        Map<String, SourceFactory> byType = new TreeMap<>();
        for (SourceFactory f : factories) {
            SourceFactory previous = byType.put(f.type(), f);
            if (previous != null) {
                throw new IllegalStateException("two source plug-ins of type '" + f.type() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        this.factories = Map.copyOf(byType);
    }

    /** The plug-ins on the class path of this class's loader. */
    public static SourceRegistry load() {
        return new SourceRegistry(ServiceLoader.load(SourceFactory.class, SourceRegistry.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList());
    }

    /** The known types, sorted. */
    public Set<String> types() {
        return new java.util.TreeSet<>(factories.keySet());
    }

    /**
     * A source for {@code spec}, its settings validated.
     *
     * @throws InvalidSettingsException for an unknown type or a bad setting
     */
    public Source create(ComponentSpec spec, SourceContext context) {
        Objects.requireNonNull(spec, "spec");
        SourceFactory factory = spec.type() == null ? null : factories.get(spec.type());
        if (factory == null) {
            throw new InvalidSettingsException(context.setting("type"), "unknown source type '" + spec.type()
                    + "', expected " + PluginSettings.choices(java.util.List.copyOf(types())));
        }
        return factory.create(spec, context.withConfiguration(context.configuration()
                .restrictedTo(factory.configuration(), "source plug-in '" + factory.type() + "'")));
    }
}
