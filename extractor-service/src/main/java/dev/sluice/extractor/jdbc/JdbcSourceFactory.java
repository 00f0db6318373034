package dev.sluice.extractor.jdbc;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceFactory;
import dev.sluice.extractor.Templates;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;
import java.util.stream.Stream;

/** The {@code jdbc} source: the rows of a parameterized query over a named connection, landed as Parquet. */
public final class JdbcSourceFactory implements SourceFactory {

    public static final String TYPE = "jdbc";

    @Override
    public List<SettingDef<?>> configuration() {
        return Stream.concat(JdbcConnectionSettings.DEFINITIONS.stream(), Templates.DEFINITIONS.stream()).toList();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(ComponentSpec spec, SourceContext context) {
        return new JdbcSource(JdbcSourceSettings.from(PluginSettings.of(spec, context.settingPrefix()),
                context.configuration()), context);
    }
}
