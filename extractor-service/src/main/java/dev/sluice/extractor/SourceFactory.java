package dev.sluice.extractor;

import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;

/**
 * A source plug-in, found by {@link java.util.ServiceLoader}: adding a source means adding a factory class, a line
 * in {@code META-INF/services/dev.sluice.extractor.SourceFactory}, and its tests.
 */
public interface SourceFactory {

    /** The {@code type} of the spec's {@code extract.source}, e.g. {@code s3}. */
    String type();

    /**
     * A source for {@code spec}, whose settings are validated now, before any data moves.
     *
     * @throws dev.sluice.dataplane.InvalidSettingsException naming the setting and its value
     */
    Source create(ComponentSpec spec, SourceContext context);

    /**
     * The service settings (not spec settings) the plug-in reads, declared as Kafka Connect's {@code ConfigDef} does;
     * none by default. The service documents and checks them with its own.
     */
    default List<SettingDef<?>> configuration() {
        return List.of();
    }
}
