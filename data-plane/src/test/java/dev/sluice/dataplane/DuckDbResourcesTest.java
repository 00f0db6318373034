package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbResourcesTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    /** A host with 16 GiB, 4 processors, a 1 GiB heap and no cgroup limit. */
    private static DuckDbResources.Host host(OptionalLong cgroup) {
        return new DuckDbResources.Host() {
            @Override
            public OptionalLong cgroupMemoryLimit() {
                return cgroup;
            }

            @Override
            public long physicalMemory() {
                return 16 * GIB;
            }

            @Override
            public int availableProcessors() {
                return 4;
            }

            @Override
            public long maxHeap() {
                return GIB;
            }

            @Override
            public Path tmpDirectory() {
                return Path.of("/tmp");
            }
        };
    }

    private static DuckDbResources from(Map<String, String> settings, OptionalLong cgroup) {
        return DuckDbResources.from(settings::get, host(cgroup));
    }

    @Test
    void defaultsOnAHostUseSeventyPercentOfPhysicalMemory() {
        DuckDbResources r = from(Map.of(), OptionalLong.empty());
        assertThat(r.runtime()).isEqualTo(DuckDbResources.Runtime.HOST);
        assertThat(r.runtimeMemoryBytes()).isEqualTo(16 * GIB);
        assertThat(r.memoryLimitBytes()).isEqualTo(16 * GIB * 70 / 100);
        assertThat(r.threads()).isEqualTo(4);
        assertThat(r.tempDirectory()).isEqualTo(Path.of("/tmp/sluice-duckdb"));
    }

    @Test
    void defaultsOnLambdaUseSeventyPercentOfTheFunctionMemory() {
        DuckDbResources r = from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "10240"), OptionalLong.of(2 * GIB));
        assertThat(r.runtime()).isEqualTo(DuckDbResources.Runtime.LAMBDA);
        assertThat(r.memoryLimitBytes()).isEqualTo(10240 * MIB * 70 / 100);
        assertThat(r.memoryLimitSetting()).isEqualTo("7168MiB");
    }

    @Test
    void defaultsInAContainerLeaveRoomForTheHeap() {
        // 2 GiB container with a 1 GiB heap: 70% would be 1.4 GiB, but only 2 GiB - 1 GiB - 64 MiB are left.
        DuckDbResources r = from(Map.of(), OptionalLong.of(2 * GIB));
        assertThat(r.runtime()).isEqualTo(DuckDbResources.Runtime.CONTAINER);
        assertThat(r.memoryLimitBytes()).isEqualTo(2 * GIB - GIB - 64 * MIB);
    }

    @Test
    void readsCgroupV2AndV1Limits(@TempDir Path dir) throws IOException {
        Path v2 = Files.createDirectories(dir.resolve("v2"));
        Files.writeString(v2.resolve("memory.max"), "4294967296\n");
        assertThat(DuckDbResources.Host.readCgroupLimit(v2)).hasValue(4 * GIB);

        Files.writeString(v2.resolve("memory.max"), "max\n");
        assertThat(DuckDbResources.Host.readCgroupLimit(v2)).isEmpty();

        Path v1 = Files.createDirectories(dir.resolve("v1").resolve("memory"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1073741824");
        assertThat(DuckDbResources.Host.readCgroupLimit(dir.resolve("v1"))).hasValue(GIB);
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712");
        assertThat(DuckDbResources.Host.readCgroupLimit(dir.resolve("v1"))).isEmpty();

        assertThat(DuckDbResources.Host.readCgroupLimit(dir.resolve("none"))).isEmpty();
    }

    @Test
    void explicitSettingsWin() {
        Map<String, String> settings = new HashMap<>();
        settings.put("SLUICE_DUCKDB_MEMORY_LIMIT", "2GiB");
        settings.put("SLUICE_DUCKDB_THREADS", "3");
        settings.put("SLUICE_DUCKDB_TEMP_DIR", "/var/spill");
        DuckDbResources r = from(settings, OptionalLong.empty());
        assertThat(r.memoryLimitBytes()).isEqualTo(2 * GIB);
        assertThat(r.threads()).isEqualTo(3);
        assertThat(r.tempDirectory()).isEqualTo(Path.of("/var/spill"));

        assertThat(from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "512MB"), OptionalLong.empty()).memoryLimitBytes())
                .isEqualTo(512_000_000L);
        assertThat(from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "1073741824"), OptionalLong.empty()).memoryLimitBytes())
                .isEqualTo(GIB);
        assertThat(from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "50%"), OptionalLong.of(4 * GIB)).memoryLimitBytes())
                .isEqualTo(2 * GIB);
    }

    @Test
    void badValuesNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "lots"), OptionalLong.empty()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("SLUICE_DUCKDB_MEMORY_LIMIT: ")
                .hasMessageContaining("'lots'");
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "1MB"), OptionalLong.empty()))
                .hasMessageStartingWith("SLUICE_DUCKDB_MEMORY_LIMIT: ").hasMessageContaining("'1MB'");
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_MEMORY_LIMIT", "150%"), OptionalLong.empty()))
                .hasMessageContaining("'150%'");
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_THREADS", "0"), OptionalLong.empty()))
                .hasMessageStartingWith("SLUICE_DUCKDB_THREADS: ").hasMessageContaining("'0'");
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_THREADS", "two"), OptionalLong.empty()))
                .hasMessageStartingWith("SLUICE_DUCKDB_THREADS: ").hasMessageContaining("'two'");
        assertThatThrownBy(() -> from(Map.of("SLUICE_DUCKDB_TEMP_DIR", "spill"), OptionalLong.empty()))
                .hasMessageStartingWith("SLUICE_DUCKDB_TEMP_DIR: ").hasMessageContaining("'spill'");
        assertThatThrownBy(() -> from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "big"), OptionalLong.empty()))
                .hasMessageStartingWith("AWS_LAMBDA_FUNCTION_MEMORY_SIZE: ").hasMessageContaining("'big'");
    }
}
