package dev.sluice.cli;

import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.aws.AwsSettings;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.settings.Lookup;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that talk to a running environment. AWS is reached through the
 * standard settings only (AWS_REGION, AWS_ENDPOINT_URL[_SERVICE], credentials), so the same command
 * works against the local stack and against AWS.
 */
final class OpsOptions implements UsesSettings {
    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--specs", defaultValue = "${SLUICE_SPECS_DIR:-specs}", paramLabel = "DIR",
            description = "Spec directory (default: $SLUICE_SPECS_DIR or specs).")
    String specs;

    /** Where the other settings come from: the environment, unless the command line was given another lookup. */
    Lookup settings = Lookup.environment();

    @Override
    public void settings(Lookup settings) {
        this.settings = settings;
    }

    /** AWS clients from the standard settings of {@code settings}, for the commands that need no specs. */
    static AwsClients awsClients(Lookup settings) {
        return new AwsClients(AwsSettings.from(settings));
    }

    ServiceContext context() {
        Map<String, String> explicit = new HashMap<>();
        explicit.put(ServiceSettings.ENV, env);
        explicit.put(ServiceSettings.SPECS_DIR, specs);
        return new ServiceContext(ServiceSettings.from("ops-cli", settings.withOverrides(explicit)), Clock.systemUTC());
    }
}
