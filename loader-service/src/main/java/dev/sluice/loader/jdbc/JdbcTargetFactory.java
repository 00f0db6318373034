package dev.sluice.loader.jdbc;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.loader.LoadTarget;
import dev.sluice.loader.TargetContext;
import dev.sluice.loader.TargetFactory;
import dev.sluice.spec.model.ComponentSpec;
import dev.sluice.spec.settings.SettingDef;
import java.util.List;

/** {@code type: jdbc}: a table in a database reached over a named JDBC connection; see {@link JdbcTargetSettings}. */
public final class JdbcTargetFactory implements TargetFactory {

    public static final String TYPE = "jdbc";

    @Override
    public List<SettingDef<?>> configuration() {
        return JdbcConnectionSettings.DEFINITIONS;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LoadTarget create(ComponentSpec spec, TargetContext context) {
        JdbcTargetSettings settings = JdbcTargetSettings.from(PluginSettings.of(spec, context.settingPrefix()),
                context.configuration());
        if (settings.mode() == JdbcTargetSettings.Mode.MERGE) {
            context.requirePartitionDimensions("key", settings.key(), "without them a load of one partition upserts rows"
                    + " another partition wrote");
        }
        return new JdbcTarget(settings, context.secrets(), context.duckDb(), context.clock());
    }
}
