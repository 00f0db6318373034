package dev.sluice.runtime.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {

    @Test
    void emptyConfigurationLeavesEverythingToTheSdkDefaults() {
        AwsSettings settings = AwsSettings.fromMap(Map.of());

        assertThat(settings.region()).isNull();
        assertThat(settings.awsRegion()).isEmpty();
        assertThat(settings.hasStaticCredentials()).isFalse();
        for (AwsService service : AwsService.values()) {
            assertThat(settings.endpointFor(service)).as(service.name()).isEmpty();
        }
        assertThat(settings.s3ForcePathStyle()).isFalse();
        assertThat(settings.toMap()).containsExactly(Map.entry("SLUICE_S3_FORCE_PATH_STYLE", "false"));
    }

    @Test
    void anEndpointOverrideDefaultsTheRegionAndPathStyle() {
        AwsSettings settings = AwsSettings.fromMap(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.s3ForcePathStyle()).isTrue();
        assertThat(settings.endpointFor(AwsService.DYNAMODB)).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void readsAnExplicitMapping() {
        AwsSettings settings = AwsSettings.fromMap(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "SLUICE_S3_FORCE_PATH_STYLE", "false"));

        assertThat(settings.awsRegion()).contains(Region.EU_WEST_1);
        assertThat(settings.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(settings.secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
        assertThat(settings.hasStaticCredentials()).isTrue();
        assertThat(settings.s3ForcePathStyle()).isFalse();
        assertThat(settings.toString()).doesNotContain("wJalrXUtnFEMI").contains("****");
    }

    @Test
    void serviceSpecificEndpointWinsOverTheGenericOne() {
        AwsSettings settings = AwsSettings.fromMap(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));

        assertThat(settings.endpointFor(AwsService.DYNAMODB)).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.endpointFor(AwsService.SQS)).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(settings.endpointFor(AwsService.SNS)).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(settings.endpointFor(AwsService.S3)).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void fallsBackToAwsDefaultRegion() {
        assertThat(AwsSettings.fromMap(Map.of("AWS_DEFAULT_REGION", "ap-south-1")).region()).isEqualTo("ap-south-1");
        assertThat(AwsSettings.fromMap(Map.of("AWS_DEFAULT_REGION", "ap-south-1", "AWS_REGION", "us-west-2"))
                        .region())
                .isEqualTo("us-west-2");
    }

    @Test
    void blankValuesCountAsUnset() {
        AwsSettings settings = AwsSettings.fromMap(Map.of("AWS_REGION", " ", "AWS_ENDPOINT_URL", ""));

        assertThat(settings).isEqualTo(AwsSettings.fromMap(Map.of()));
    }

    @Test
    void toMapRoundTrips() {
        AwsSettings settings = AwsSettings.fromMap(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "SLUICE_S3_FORCE_PATH_STYLE", "true"));

        assertThat(settings.toMap()).containsOnlyKeys(
                "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL",
                "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB",
                "SLUICE_S3_FORCE_PATH_STYLE");
        assertThat(AwsSettings.fromMap(settings.toMap())).isEqualTo(settings);
    }

    @Test
    void aBadUrlNamesTheSettingAndTheValue() {
        assertThatThrownBy(() -> AwsSettings.fromMap(Map.of("AWS_ENDPOINT_URL_SQS", "localhost:9324")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_SQS")
                .hasMessageContaining("localhost:9324");
        assertThatThrownBy(() -> AwsSettings.fromMap(Map.of("AWS_ENDPOINT_URL", "http://bad host:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL")
                .hasMessageContaining("http://bad host:1");
    }

    @Test
    void otherBadValuesAreRejectedWithTheirSetting() {
        assertThatThrownBy(() -> AwsSettings.fromMap(Map.of("AWS_DEFAULT_REGION", "US East")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_DEFAULT_REGION")
                .hasMessageContaining("US East");
        assertThatThrownBy(() -> AwsSettings.fromMap(Map.of("SLUICE_S3_FORCE_PATH_STYLE", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SLUICE_S3_FORCE_PATH_STYLE")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> AwsSettings.fromMap(Map.of("AWS_ACCESS_KEY_ID", "only-the-key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void directConstructionValidatesToo() {
        assertThatThrownBy(() -> new AwsSettings(
                        null, null, null, null, URI.create("ftp://127.0.0.1"), Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL")
                .hasMessageContaining("ftp://127.0.0.1");
    }

    @Test
    void lookupFallsBackFromEnvironmentToSystemProperties() {
        String name = "AWS_ENDPOINT_URL_SNS";
        String previous = System.getProperty(name);
        System.setProperty(name, "http://127.0.0.1:1234");
        try {
            AwsSettings settings = AwsSettings.fromEnvironment();
            if (System.getenv(name) == null) {
                assertThat(settings.endpointFor(AwsService.SNS)).contains(URI.create("http://127.0.0.1:1234"));
            }
        } finally {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        }
    }
}
