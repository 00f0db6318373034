package dev.sluice.transformer.xl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.settings.Lookup;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XlSettingsTest {

    @Test
    void defaultsAndAnExplicitMapping() {
        XlSettings emr = XlSettings.from(Lookup.of(Map.of("SLUICE_EMR_APPLICATION_ID", "00abc",
                "SLUICE_EMR_EXECUTION_ROLE_ARN", "arn:aws:iam::1:role/x", "SLUICE_SPARK_DRIVER_JAR", "s3://b/driver.jar")));
        assertThat(emr.mode()).isEqualTo("emr-serverless");
        assertThat(emr.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(emr.timeout()).isEqualTo(Duration.ofHours(6));
        XlSettings local = XlSettings.from(Lookup.of(Map.of("SLUICE_SPARK_MODE", "local", "SLUICE_SPARK_LOCAL_CLASSPATH",
                "/opt/spark/jars/*", "SLUICE_SPARK_LOCAL_MASTER", "local[2]", "SLUICE_SPARK_TIMEOUT", "30m")));
        assertThat(local.localMaster()).isEqualTo("local[2]");
        assertThat(local.localMaxHeap()).isEqualTo("2g");
        assertThat(local.timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> XlSettings.from(Lookup.of(Map.of("SLUICE_SPARK_MODE", "yarn"))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_SPARK_MODE: 'yarn' is not a mode; expected emr-serverless or local");
        assertThatThrownBy(() -> XlSettings.from(Lookup.of(Map.of())))
                .hasMessage("SLUICE_EMR_APPLICATION_ID: must be set when SLUICE_SPARK_MODE is emr-serverless");
        assertThatThrownBy(() -> XlSettings.from(Lookup.of(Map.of("SLUICE_EMR_APPLICATION_ID", "00abc",
                "SLUICE_EMR_EXECUTION_ROLE_ARN", "arn", "SLUICE_SPARK_DRIVER_JAR", "/tmp/driver.jar"))))
                .hasMessage("SLUICE_SPARK_DRIVER_JAR: '/tmp/driver.jar' is not an s3:// location");
        assertThatThrownBy(() -> XlSettings.from(Lookup.of(Map.of("SLUICE_SPARK_MODE", "local"))))
                .hasMessage("SLUICE_SPARK_LOCAL_CLASSPATH: must be set when SLUICE_SPARK_MODE is local");
    }
}
