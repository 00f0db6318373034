package dev.sluice.extractor.http;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceFactory;
import dev.sluice.spec.model.ComponentSpec;

/** The {@code http} source: JSON records of a paginated HTTP API, landed as Parquet. */
public final class HttpSourceFactory implements SourceFactory {

    public static final String TYPE = "http";

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
