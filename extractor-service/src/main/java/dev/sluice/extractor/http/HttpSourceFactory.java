package dev.sluice.extractor.http;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.http.HttpConnectionSettings;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceFactory;
import dev.sluice.extractor.Templates;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;
import java.util.stream.Stream;

/** The {@code http} source: JSON records of a paginated HTTP API, landed as Parquet. */
public final class HttpSourceFactory implements SourceFactory {

    public static final String TYPE = "http";

    /**
     * The connection the spec names and the template variables. Secret references ({@code SLUICE_SECRET_<NAME>},
     * {@code SLUICE_SECRETS_MANAGER_PREFIX}) are resolved by the service's resolvers, not read by the plug-in.
     */
    @Override
    public List<SettingDef<?>> configuration() {
        return Stream.concat(HttpConnectionSettings.DEFINITIONS.stream(), Templates.DEFINITIONS.stream()).toList();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(ComponentSpec spec, SourceContext context) {
        return new HttpSource(HttpSourceSettings.from(PluginSettings.of(spec, context.settingPrefix()),
                context.configuration()), context);
    }
}
