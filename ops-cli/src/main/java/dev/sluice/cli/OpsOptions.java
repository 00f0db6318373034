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

    ServiceContext context() {
        Map<String, String> explicit = new HashMap<>(overrides);
        explicit.put(ServiceSettings.ENV, env);
        explicit.put(ServiceSettings.SPECS_DIR, specs);
        ServiceSettings base = ServiceSettings.fromEnvironment("ops-cli");
        return new ServiceContext(ServiceSettings.from("ops-cli", name -> explicit.containsKey(name) ? explicit.get(name) : base.lookup().apply(name)),
                Clock.systemUTC());
    }
}
