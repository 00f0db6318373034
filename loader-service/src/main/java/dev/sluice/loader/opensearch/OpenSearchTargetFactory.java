package dev.sluice.loader.opensearch;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetFactory;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;

/** {@code type: opensearch}: an index, loaded with bulk requests; see {@link OpenSearchTargetSettings}. */
public final class OpenSearchTargetFactory implements TargetFactory {

    public static final String TYPE = "opensearch";

    @Override
    public List<SettingDef<?>> configuration() {
        return OpenSearchEndpoint.DEFINITIONS;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LoadTarget create(ComponentSpec spec, TargetContext context) {
        OpenSearchTargetSettings settings = OpenSearchTargetSettings.from(PluginSettings.of(spec, context.settingPrefix()),
                context.configuration());
        context.requirePartitionDimensions("id", settings.id(), "without them documents of different partitions share an _id,"
                + " and generations of different partitions are compared");
        return new OpenSearchTarget(settings, context.secrets(), context.httpClients(), context.duckDb(), context.clock());
    }
}
