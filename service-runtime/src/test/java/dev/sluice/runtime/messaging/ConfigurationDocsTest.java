package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.runtime.aws.AwsSettings;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every poller setting with its default, and every AWS setting. */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md"); // from the module directory

    @Test
    void theDocsListEverySetting() throws Exception {
        assumeTrue(Files.exists(DOC), "docs not found from " + Path.of("").toAbsolutePath());
        String doc = Files.readString(DOC);
        for (PollerOptions.Setting setting : PollerOptions.SETTINGS) {
            assertThat(doc).as(setting.env())
                    .contains("| `" + setting.option() + "` | `" + setting.env() + "` | " + setting.defaultValue() + " |");
        }
        for (String name : new String[] {AwsSettings.AWS_REGION, AwsSettings.AWS_DEFAULT_REGION, AwsSettings.AWS_ENDPOINT_URL,
                AwsSettings.AWS_ENDPOINT_URL_SNS, AwsSettings.AWS_ENDPOINT_URL_SQS, AwsSettings.AWS_ENDPOINT_URL_S3,
                AwsSettings.AWS_ENDPOINT_URL_DYNAMODB, AwsSettings.AWS_ACCESS_KEY_ID, AwsSettings.AWS_SECRET_ACCESS_KEY,
                AwsSettings.AWS_SESSION_TOKEN, AwsSettings.SLUICE_S3_FORCE_PATH_STYLE, "SLUICE_LOG_FORMAT"}) {
            assertThat(doc).contains("`" + name + "`");
        }
    }

    @Test
    void theDocsListEveryDeclaredSettingWithItsDefault() throws Exception {
        assumeTrue(Files.exists(DOC), "docs not found from " + Path.of("").toAbsolutePath());
        String doc = Files.readString(DOC);
        assertThat(SettingsDoc.undocumented(doc, ServiceSettings.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, ContainerService.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, PollerOptions.DEFINITIONS)).isEmpty();
        assertThat(SettingsDoc.undocumented(doc, AwsSettings.DEFINITIONS)).isEmpty();
    }
}
