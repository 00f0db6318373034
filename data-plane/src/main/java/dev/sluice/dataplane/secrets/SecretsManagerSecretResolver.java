package dev.sluice.dataplane.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.InvalidSettingsException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Resolves {@code secretsmanager:<secret-id>} and {@code secretsmanager:<secret-id>#<json-key>} through AWS Secrets
 * Manager: the secret's string, or one field of it when the secret is a JSON object (as RDS secrets are). Values are
 * cached for {@link #DEFAULT_TTL} so that a warm worker does not call the API once per job.
 */
public final class SecretsManagerSecretResolver implements SecretResolver {

    public static final String SCHEME = "secretsmanager";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant expires) {}

    public SecretsManagerSecretResolver(SecretsManagerClient client) {
        this(client, DEFAULT_TTL, Clock.systemUTC());
    }

    public SecretsManagerSecretResolver(SecretsManagerClient client, Duration ttl, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Secret resolve(String setting, String reference) {
        String body = reference.startsWith(SCHEME + ":") ? reference.substring(SCHEME.length() + 1) : reference;
        int hash = body.indexOf('#');
        String id = hash < 0 ? body : body.substring(0, hash);
        String key = hash < 0 ? null : body.substring(hash + 1);
        if (id.isBlank() || (key != null && key.isBlank())) {
            throw new InvalidSettingsException(setting, "'" + reference
                    + "' is not a valid reference; expected secretsmanager:<secret-id> or secretsmanager:<secret-id>#<key>");
        }
        String secret = fetch(setting, reference, id);
        if (key == null) {
            return Secret.of(secret);
        }
        JsonNode node;
        try {
            node = JSON.readTree(secret);
        } catch (IOException e) {
            // The parser's message could quote the secret: say nothing of it.
            throw new InvalidSettingsException(setting, "the secret of '" + reference + "' is not a JSON object");
        }
        JsonNode field = node == null ? null : node.get(key);
        if (field == null || field.isNull() || field.isContainerNode()) {
            throw new InvalidSettingsException(setting, "the secret of '" + reference + "' has no text field '" + key + "'");
        }
        return Secret.of(field.asText());
    }

    private String fetch(String setting, String reference, String id) {
        Instant now = clock.instant();
        Cached cached = cache.get(id);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.value();
        }
        try {
            GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(id));
            String value = response.secretString();
            if (value == null) {
                throw new InvalidSettingsException(setting, "the secret of '" + reference + "' is binary; expected text");
            }
            cache.put(id, new Cached(value, now.plus(ttl)));
            return value;
        } catch (ResourceNotFoundException e) {
            throw new InvalidSettingsException(setting, "no secret '" + id + "' (from '" + reference + "')");
        } catch (SecretsManagerException e) {
            if (e.statusCode() == 400 || e.statusCode() == 403) {
                String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
                if (e.statusCode() == 403 || code.contains("AccessDenied")) {
                    throw new ClassifiedException(ErrorClass.SOURCE_AUTHENTICATION, "access to the secret '" + id + "' (" + setting
                            + ") was denied:" + code);
                }
                throw new InvalidSettingsException(setting, "Secrets Manager refused '" + reference + "':" + code);
            }
            throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "Secrets Manager failed for '" + id + "' (" + setting + "): HTTP "
                    + e.statusCode(), e);
        } catch (SdkClientException e) {
            throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "Secrets Manager unreachable for '" + id + "' (" + setting + "): "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "Secrets Manager failed for '" + id + "' (" + setting + ")", e);
        }
    }
}
