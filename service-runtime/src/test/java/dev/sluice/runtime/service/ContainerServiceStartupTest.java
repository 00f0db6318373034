package dev.sluice.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.spec.topology.QueueRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that starts while its AWS endpoints do not answer keeps trying, not ready, for SLUICE_STARTUP_TIMEOUT. */
class ContainerServiceStartupTest {

    @Test
    void aServiceThatCannotReachItsQueuesRetriesThenGivesUpNamingTheSetting(@TempDir Path specs) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed, ServiceSettings.SPECS_DIR, specs.toString(),
                ContainerService.STARTUP_TIMEOUT, "1s", "SLUICE_POLLER_BACKOFF_INITIAL", "50ms", "SLUICE_POLLER_BACKOFF_MAX", "200ms");
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("svc", settings), Clock.systemUTC());
             ContainerService service = new ContainerService(context)) {
            assertThatThrownBy(() -> service.consume(QueueRole.EXTRACT, message -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("svc could not resolve the queue extract within SLUICE_STARTUP_TIMEOUT (1s): ");
            assertThat(service.isReady()).isFalse();
        }
    }

    @Test
    void aBadStartupTimeoutIsRefusedNamingTheSettingAndTheValue(@TempDir Path specs) {
        Map<String, String> settings = Map.of("AWS_REGION", "us-east-1", ServiceSettings.SPECS_DIR, specs.toString(),
                ContainerService.STARTUP_TIMEOUT, "forever");
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("svc", settings), Clock.systemUTC());
             ContainerService service = new ContainerService(context)) {
            assertThatThrownBy(() -> service.consume(QueueRole.EXTRACT, message -> { }))
                    .hasMessage("SLUICE_STARTUP_TIMEOUT: must be a duration in 1s..1h, got 'forever'");
        }
    }
}
