package dev.sluice.extractor.s3;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceFactory;
import dev.sluice.extractor.Templates;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;

/** The {@code s3} source: files in S3 (csv, json, ndjson, parquet) landed as Parquet. */
public final class S3SourceFactory implements SourceFactory {

    public static final String TYPE = "s3";

    @Override
    public List<SettingDef<?>> configuration() {
        return Templates.DEFINITIONS;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(ComponentSpec spec, SourceContext context) {
        return new S3Source(S3SourceSettings.from(PluginSettings.of(spec, context.settingPrefix())), context);
    }
}
