package dev.sluice.dataplane.secrets;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.runtime.aws.AwsSettings;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Resolves a reference by its scheme ({@code env:}, {@code secretsmanager:}, ...) with the resolver registered for
 * it.
 */
public final class SecretResolvers implements SecretResolver {

    /** The Secrets Manager endpoint override, as the AWS SDKs and CLI name it. */
    public static final String AWS_ENDPOINT_URL_SECRETS_MANAGER = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    /**
     * The prefix every {@code env:} reference must name: {@code env:SLUICE_SECRET_API_TOKEN} resolves,
     * {@code env:AWS_SESSION_TOKEN} does not, so no setting can send the service's own credentials anywhere.
     */
    public static final String ENV_PREFIX = "SLUICE_SECRET_";
    /** The setting of the prefix every Secrets Manager secret id must start with. */
    public static final String SECRETS_MANAGER_PREFIX = "SLUICE_SECRETS_MANAGER_PREFIX";
    /** Its default; deployments set {@code sluice/<env>/}. */
    public static final String DEFAULT_SECRETS_MANAGER_PREFIX = "sluice/";

    private static final java.util.regex.Pattern SECRET_ID_PREFIX = java.util.regex.Pattern.compile("[A-Za-z0-9/_+=.@-]+");

    /** The variables {@code env:} references may name: the family {@value #ENV_PREFIX}{@code <NAME>}. */
    public static final SettingDef<String> SECRET = SettingDef.string(ENV_PREFIX + SettingDef.NAME_PLACEHOLDER, null,
            "a secret's value, for the reference env:SLUICE_SECRET_<NAME>; env: references may name no other variable");
    public static final SettingDef<String> SECRETS_MANAGER_PREFIX_SETTING = SettingDef.of(SECRETS_MANAGER_PREFIX,
            "string", DEFAULT_SECRETS_MANAGER_PREFIX, DEFAULT_SECRETS_MANAGER_PREFIX,
            "a secret name prefix such as sluice/prod/ (letters, digits and /_+=.@-)",
            "the prefix every secretsmanager: reference's secret id must start with", text -> {
                if (!SECRET_ID_PREFIX.matcher(text).matches()) {
                    throw new IllegalArgumentException();
                }
                return text;
            });
    public static final SettingDef<String> SECRETS_MANAGER_ENDPOINT = SettingDef.string(
            AWS_ENDPOINT_URL_SECRETS_MANAGER, null, "the Secrets Manager endpoint, over AWS_ENDPOINT_URL");
    /** The settings the resolvers read (besides the AWS settings of the Secrets Manager client). */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(SECRET, SECRETS_MANAGER_PREFIX_SETTING,
            SECRETS_MANAGER_ENDPOINT);

    private final Map<String, SecretResolver> byScheme;

    public SecretResolvers(Map<String, SecretResolver> byScheme) {
        this.byScheme = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byScheme));
    }

    /**
     * {@code env:} from {@code configuration}, and {@code secretsmanager:} with a client built on first use from the
     * standard AWS settings in {@code configuration} (region, credentials, {@code AWS_ENDPOINT_URL} or
     * {@value #AWS_ENDPOINT_URL_SECRETS_MANAGER}), both {@linkplain #confined confined}: {@code env:} to
     * {@value #ENV_PREFIX}, {@code secretsmanager:} to {@value #SECRETS_MANAGER_PREFIX} (default
     * {@value #DEFAULT_SECRETS_MANAGER_PREFIX}).
     */
    public static SecretResolvers fromConfiguration(Lookup configuration) {
        Objects.requireNonNull(configuration, "configuration");
        String secretsManagerPrefix;
        try {
            secretsManagerPrefix = SECRETS_MANAGER_PREFIX_SETTING.get(configuration);
        } catch (SettingException e) {
            throw new InvalidSettingsException(SECRETS_MANAGER_PREFIX, "'" + e.value()
                    + "' is not a secret name prefix; expected e.g. sluice/prod/");
        }
        Map<String, SecretResolver> resolvers = new LinkedHashMap<>();
        resolvers.put(EnvSecretResolver.SCHEME, new EnvSecretResolver(configuration));
        Supplier<SecretResolver> secretsManager = new Supplier<>() {
            private SecretResolver resolver;

            @Override
            public synchronized SecretResolver get() {
                if (resolver == null) {
                    resolver = new SecretsManagerSecretResolver(secretsManagerClient(configuration));
                }
                return resolver;
            }
        };
        resolvers.put(SecretsManagerSecretResolver.SCHEME,
                (setting, reference) -> secretsManager.get().resolve(setting, reference));
        return confined(resolvers, secretsManagerPrefix);
    }

    /**
     * {@code byScheme} behind the reference rules: an {@code env:} reference must name a variable starting with
     * {@value #ENV_PREFIX}, and a {@code secretsmanager:} reference a secret whose id starts with
     * {@code secretsManagerPrefix} (a name, not an ARN). A reference that breaks a rule is refused before anything is
     * looked up.
     */
    public static SecretResolvers confined(Map<String, SecretResolver> byScheme, String secretsManagerPrefix) {
        Objects.requireNonNull(secretsManagerPrefix, "secretsManagerPrefix");
        Map<String, SecretResolver> confined = new LinkedHashMap<>(byScheme);
        SecretResolver env = byScheme.get(EnvSecretResolver.SCHEME);
        if (env != null) {
            confined.put(EnvSecretResolver.SCHEME, (setting, reference) -> {
                String name = reference.substring(EnvSecretResolver.SCHEME.length() + 1);
                boolean wellFormed = name.matches("[A-Za-z_][A-Za-z0-9_]*");
                if (wellFormed && !SECRET.covers(name)) {
                    throw new InvalidSettingsException(setting, "'" + reference + "' is not allowed: env: references "
                            + "must name a variable starting with " + ENV_PREFIX + ", e.g. env:" + ENV_PREFIX + "API_TOKEN");
                }
                return env.resolve(setting, reference);
            });
        }
        SecretResolver secretsManager = byScheme.get(SecretsManagerSecretResolver.SCHEME);
        if (secretsManager != null) {
            confined.put(SecretsManagerSecretResolver.SCHEME, (setting, reference) -> {
                String id = reference.substring(SecretsManagerSecretResolver.SCHEME.length() + 1);
                int hash = id.indexOf('#');
                id = hash < 0 ? id : id.substring(0, hash);
                if (!id.startsWith(secretsManagerPrefix) || id.length() == secretsManagerPrefix.length()) {
                    throw new InvalidSettingsException(setting, "'" + reference + "' is not allowed: secretsmanager: "
                            + "references must name a secret whose id starts with '" + secretsManagerPrefix + "' ("
                            + SECRETS_MANAGER_PREFIX + ")");
                }
                return secretsManager.resolve(setting, reference);
            });
        }
        return new SecretResolvers(confined);
    }

    @Override
    public Secret resolve(String setting, String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidSettingsException(setting, "no secret reference; expected e.g. env:NAME or secretsmanager:<id>");
        }
        int colon = reference.indexOf(':');
        String scheme = colon < 0 ? "" : reference.substring(0, colon);
        SecretResolver resolver = byScheme.get(scheme);
        if (resolver == null) {
            throw new InvalidSettingsException(setting, "unknown secret reference '" + reference + "', expected "
                    + String.join(" or ", byScheme.keySet().stream().map(s -> s + ":...").toList()));
        }
        return resolver.resolve(setting, reference);
    }

    static SecretsManagerClient secretsManagerClient(Lookup configuration) {
        AwsSettings aws = AwsSettings.from(configuration);
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder());
        aws.awsRegion().ifPresent(builder::region);
        String endpoint = SECRETS_MANAGER_ENDPOINT.text(configuration);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        } else if (aws.endpointUrl() != null) {
            builder.endpointOverride(aws.endpointUrl());
        }
        builder.credentialsProvider(aws.hasStaticCredentials()
                ? StaticCredentialsProvider.create(aws.sessionToken() == null
                        ? AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey())
                        : AwsSessionCredentials.create(aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken()))
                : DefaultCredentialsProvider.builder().build());
        return builder.build();
    }
}
