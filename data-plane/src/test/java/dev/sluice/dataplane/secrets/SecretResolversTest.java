package dev.sluice.dataplane.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class SecretResolversTest {

    @Test
    void secretsDoNotPrintThemselves() {
        Secret s = Secret.of("hunter2");
        assertThat(s).hasToString("****");
        assertThat("pw=" + s).isEqualTo("pw=****");
        assertThat(s.reveal()).isEqualTo("hunter2");
        assertThat(s.redact("login with hunter2 failed")).isEqualTo("login with **** failed");
    }

    @Test
    void resolvesEnvironmentReferences() {
        SecretResolvers resolvers = SecretResolvers.fromConfiguration(Map.of("SLUICE_SECRET_API_TOKEN", "t0k")::get);
        assertThat(resolvers.resolve("auth.valueRef", "env:SLUICE_SECRET_API_TOKEN").reveal()).isEqualTo("t0k");
        assertThatThrownBy(() -> resolvers.resolve("auth.valueRef", "env:SLUICE_SECRET_MISSING"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("auth.valueRef: the environment variable SLUICE_SECRET_MISSING (from 'env:SLUICE_SECRET_MISSING') is not set");
        assertThatThrownBy(() -> resolvers.resolve("auth.valueRef", "vault:x"))
                .hasMessage("auth.valueRef: unknown secret reference 'vault:x', expected env:... or secretsmanager:...");
        assertThatThrownBy(() -> resolvers.resolve("auth.valueRef", "env:bad name"))
                .hasMessageContaining("'env:bad name' is not a valid environment variable reference");
    }

    @Test
    void envReferencesOutsideTheSecretPrefixAreRefusedBeforeAnyLookup() {
        java.util.List<String> lookedUp = new java.util.ArrayList<>();
        SecretResolvers resolvers = SecretResolvers.fromConfiguration(name -> {
            lookedUp.add(name);
            return "AWS_SESSION_TOKEN".equals(name) ? "session-secret" : null;
        });
        lookedUp.clear();
        assertThatThrownBy(() -> resolvers.resolve("SLUICE_HTTP_API_AUTH_REF", "env:AWS_SESSION_TOKEN"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_HTTP_API_AUTH_REF: 'env:AWS_SESSION_TOKEN' is not allowed: env: references must "
                        + "name a variable starting with SLUICE_SECRET_, e.g. env:SLUICE_SECRET_API_TOKEN")
                .hasMessageNotContaining("session-secret");
        assertThatThrownBy(() -> resolvers.resolve("s", "env:SLUICE_SECRET_"))
                .hasMessageStartingWith("s: 'env:SLUICE_SECRET_' is not allowed");
        assertThat(lookedUp).as("the environment was never read").isEmpty();
    }

    @Test
    void secretsManagerIdsOutsideTheConfiguredPrefixAreRefusedBeforeAnyCall() {
        AtomicInteger calls = new AtomicInteger();
        SecretResolvers resolvers = SecretResolvers.confined(Map.of(SecretsManagerSecretResolver.SCHEME,
                new SecretsManagerSecretResolver(fake(calls))), "prod/");
        assertThat(resolvers.resolve("s", "secretsmanager:prod/warehouse#password").reveal()).isEqualTo("p@ss");
        assertThatThrownBy(() -> resolvers.resolve("SLUICE_HTTP_API_AUTH_REF", "secretsmanager:plain"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_HTTP_API_AUTH_REF: 'secretsmanager:plain' is not allowed: secretsmanager: references "
                        + "must name a secret whose id starts with 'prod/' (SLUICE_SECRETS_MANAGER_PREFIX)");
        assertThatThrownBy(() -> resolvers.resolve("s", "secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:prod/x"))
                .hasMessageContaining("is not allowed");
        assertThat(calls).as("Secrets Manager was called only for the allowed id").hasValue(1);

        assertThatThrownBy(() -> SecretResolvers.fromConfiguration(Map.of("SLUICE_SECRETS_MANAGER_PREFIX", "a b")::get))
                .hasMessage("SLUICE_SECRETS_MANAGER_PREFIX: 'a b' is not a secret name prefix; expected e.g. sluice/prod/");
        assertThatThrownBy(() -> SecretResolvers.fromConfiguration(Map.<String, String>of()::get)
                .resolve("s", "secretsmanager:prod/warehouse"))
                .hasMessageContaining("must name a secret whose id starts with 'sluice/'");
    }

    /** A Secrets Manager that knows two secrets, counting calls. */
    private static SecretsManagerClient fake(AtomicInteger calls) {
        return new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(Consumer<GetSecretValueRequest.Builder> request) {
                calls.incrementAndGet();
                String id = GetSecretValueRequest.builder().applyMutation(request).build().secretId();
                return switch (id) {
                    case "prod/warehouse" -> GetSecretValueResponse.builder()
                            .secretString("{\"username\":\"etl\",\"password\":\"p@ss\"}").build();
                    case "plain" -> GetSecretValueResponse.builder().secretString("just-text").build();
                    case "down" -> throw SdkClientException.create("connection refused");
                    default -> throw ResourceNotFoundException.builder().message("not found").build();
                };
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void resolvesSecretsManagerReferencesWithJsonKeysAndCaches() {
        AtomicInteger calls = new AtomicInteger();
        Instant[] now = {Instant.parse("2026-11-20T10:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SecretsManagerSecretResolver resolver = new SecretsManagerSecretResolver(fake(calls), Duration.ofMinutes(5), clock);
        assertThat(resolver.resolve("s", "secretsmanager:prod/warehouse#password").reveal()).isEqualTo("p@ss");
        assertThat(resolver.resolve("s", "secretsmanager:prod/warehouse#username").reveal()).isEqualTo("etl");
        assertThat(resolver.resolve("s", "secretsmanager:plain").reveal()).isEqualTo("just-text");
        assertThat(calls.get()).as("the second key came from the cache").isEqualTo(2);
        now[0] = now[0].plus(Duration.ofMinutes(6));
        resolver.resolve("s", "secretsmanager:plain");
        assertThat(calls.get()).isEqualTo(3);

        assertThatThrownBy(() -> resolver.resolve("s", "secretsmanager:prod/warehouse#token"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("s: the secret of 'secretsmanager:prod/warehouse#token' has no text field 'token'")
                .hasMessageNotContaining("p@ss");
        assertThatThrownBy(() -> resolver.resolve("s", "secretsmanager:plain#x"))
                .hasMessage("s: the secret of 'secretsmanager:plain#x' is not a JSON object")
                .hasMessageNotContaining("just-text");
        assertThatThrownBy(() -> resolver.resolve("s", "secretsmanager:nope"))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("no secret 'nope'");
        assertThatThrownBy(() -> resolver.resolve("s", "secretsmanager:down"))
                .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_UNAVAILABLE).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isTrue());
    }
}
