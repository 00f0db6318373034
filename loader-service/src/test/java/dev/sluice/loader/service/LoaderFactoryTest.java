package dev.sluice.loader.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Stage;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loader validates every job's targets at start-up: a bad setting stops it before it takes a message. */
class LoaderFactoryTest {

    static Map<String, String> settings() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("SLUICE_ENV", "unit");
        s.put("SLUICE_SPECS_DIR", Path.of(LoaderFactoryTest.class.getResource("/specs/loader").toURI()).toString());
        s.put("AWS_REGION", "us-east-1");
        s.put("AWS_ACCESS_KEY_ID", "test");
        s.put("AWS_SECRET_ACCESS_KEY", "test");
        return s;
    }

    @Test
    void aJobWithAnUnconfiguredConnectionStopsTheService() throws Exception {
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap(LoaderFactory.SERVICE, settings()), Clock.systemUTC())) {
            assertThatThrownBy(() -> LoaderFactory.worker(context)).isInstanceOf(InvalidSettingsException.class)
                    .hasMessage("build_order_facts.outputs[0].targets[0].connection: connection 'warehouse' is not configured: set "
                            + "SLUICE_JDBC_WAREHOUSE_URL (and SLUICE_JDBC_WAREHOUSE_USER, SLUICE_JDBC_WAREHOUSE_PASSWORD_REF)");
        }
    }

    @Test
    void aConfiguredLoaderStarts() throws Exception {
        Map<String, String> s = settings();
        s.put("SLUICE_JDBC_WAREHOUSE_URL", "jdbc:postgresql://db:5432/shop");
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap(LoaderFactory.SERVICE, s), Clock.systemUTC())) {
            assertThat(LoaderFactory.worker(context).stage()).isEqualTo(Stage.LOAD);
            assertThat(LoaderFactory.handler(context)).isNotNull();
        }
    }

    @Test
    void theWorkDirectoryDefaultsToTempAndMustBeAbsolute() {
        assertThat(LoaderFactory.workDir(Map.<String, String>of()::get))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "sluice-loader"));
        assertThat(LoaderFactory.workDir(Map.of("SLUICE_WORK_DIR", "/mnt/work")::get)).isEqualTo(Path.of("/mnt/work"));
        assertThatThrownBy(() -> LoaderFactory.workDir(Map.of("SLUICE_WORK_DIR", "work")::get))
                .hasMessage("SLUICE_WORK_DIR: must be an absolute path, got 'work'");
    }
}
