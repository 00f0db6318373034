package dev.sluice.cli;

import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that talk to a running environment. AWS is reached through the
 * standard settings only (AWS_REGION, AWS_ENDPOINT_URL[_SERVICE], credentials), so the same command
 * works against the local stack and against AWS.
 */
final class OpsOptions {
    @Option(names = "--env", defaultValue = "${SLUICE_ENV:-local}", description = "Environment name (default: $SLUICE_ENV or local).")
    String env;

    @Option(names = "--specs", defaultValue = "${SLUICE_SPECS_DIR:-specs}", paramLabel = "DIR",
            description = "Spec directory (default: $SLUICE_SPECS_DIR or specs).")
    String specs;

    /** Settings overrides, e.g. a test's local-stack endpoints; the environment otherwise. */
    static volatile Map<String, String> overrides = Map.of();

    /** A setting: a test's override, else the environment, else a system property. */
    static String setting(String name) {
        Map<String, String> o = overrides;
        if (o.containsKey(name)) {
            return o.get(name);
        }
        String v = System.getenv(name);
        return v != null ? v : System.getProperty(name);
    }

    /** AWS clients from the standard settings, for the commands that need no specs. */
    static dev.sluice.runtime.aws.AwsClients awsClients() {
        return new dev.sluice.runtime.aws.AwsClients(dev.sluice.runtime.aws.AwsSettings.from(OpsOptions::setting));
    }

    ServiceContext context() {
        Map<String, String> explicit = new HashMap<>();
        explicit.put(ServiceSettings.ENV, env);
        explicit.put(ServiceSettings.SPECS_DIR, specs);
        return new ServiceContext(ServiceSettings.from("ops-cli", name -> explicit.containsKey(name) ? explicit.get(name) : setting(name)),
                Clock.systemUTC());
    }
}
