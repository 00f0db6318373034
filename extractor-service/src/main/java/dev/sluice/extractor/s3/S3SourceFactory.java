package dev.sluice.extractor.s3;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.extractor.Source;
import dev.sluice.extractor.SourceContext;
import dev.sluice.extractor.SourceFactory;
import dev.sluice.spec.model.ComponentSpec;

/** The {@code s3} source: files in S3 (csv, json, ndjson, parquet) landed as Parquet. */
public final class S3SourceFactory implements SourceFactory {

    public static final String TYPE = "s3";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(ComponentSpec spec, SourceContext context) {
        return new S3Source(S3SourceSettings.from(PluginSettings.of(spec, context.settingPrefix())), context);
    }
}
