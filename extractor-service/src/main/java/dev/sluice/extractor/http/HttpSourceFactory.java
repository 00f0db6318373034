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

/** The {@code http} source: JSON records of a paginated HTTP API, landed as Parquet. */
public final class HttpSourceFactory implements SourceFactory {

    public static final String TYPE = "http";

    @Override
    public List<SettingDef<?>> configuration() {
        return java.util.stream.Stream.concat(Templates.DEFINITIONS.stream(), HttpConnectionSettings.DEFINITIONS.stream()).toList();
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
