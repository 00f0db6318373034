package dev.sluice.dataplane.secrets;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.runtime.aws.AwsSettings;
import dev.sluice.spec.settings.Lookup;
import java.net.URI;
import java.util.LinkedHashMap;
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

    private final Map<String, SecretResolver> byScheme;

    public SecretResolvers(Map<String, SecretResolver> byScheme) {
        this.byScheme = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byScheme));
    }

    /**
     * {@code env:} from {@code configuration}, and {@code secretsmanager:} with a client built on first use from the
     * standard AWS settings in {@code configuration} (region, credentials, {@code AWS_ENDPOINT_URL} or
     * {@value #AWS_ENDPOINT_URL_SECRETS_MANAGER}).
     */
    public static SecretResolvers fromConfiguration(Lookup configuration) {
        Objects.requireNonNull(configuration, "configuration");
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
        return new SecretResolvers(resolvers);
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
        String endpoint = configuration.get(AWS_ENDPOINT_URL_SECRETS_MANAGER);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
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
