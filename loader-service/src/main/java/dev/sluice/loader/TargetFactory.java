package dev.sluice.loader;

import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;

/**
 * A target plug-in, found by {@link java.util.ServiceLoader}: adding a target means adding a factory class, a line
 * in {@code META-INF/services/dev.sluice.loader.TargetFactory}, and its tests.
 */
public interface TargetFactory {

    /** The {@code type} of an output's target in the spec, e.g. {@code jdbc}. */
    String type();

    /**
     * A target for {@code spec}, whose settings are validated now, before any data moves. Nothing is connected yet.
     *
     * @throws dev.sluice.dataplane.InvalidSettingsException naming the setting and its value
     */
    LoadTarget create(ComponentSpec spec, TargetContext context);

    /**
     * The service settings (not spec settings) the plug-in reads, declared as Kafka Connect's {@code ConfigDef} does;
     * none by default. The service documents and checks them with its own.
     */
    default List<SettingDef<?>> configuration() {
        return List.of();
    }
}
