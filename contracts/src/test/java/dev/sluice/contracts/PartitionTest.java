package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theKeyIsSortedByDimensionName() {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("region", "eu");
        dims.put("date", "2026-11-20");
        Partition p = Partition.of(dims);

        assertThat(p.key()).isEqualTo("date=2026-11-20/region=eu");
        assertThat(p).isEqualTo(Partition.of("region", "eu", "date", "2026-11-20"));
        assertThat(p.dimensions().keySet()).containsExactly("date", "region");
        assertThat(p).hasToString("date=2026-11-20/region=eu");
    }

    @Test
    void unpartitionedIsAnEmptyObjectWithKeyUnderscore() throws Exception {
        assertThat(Partition.of().key()).isEqualTo("_");
        assertThat(Partition.NONE.isUnpartitioned()).isTrue();
        assertThat(Partition.parse("_")).isEqualTo(Partition.NONE);
        assertThat(json.writeValueAsString(Partition.NONE)).isEqualTo("{}");
        assertThat(json.readValue("{}", Partition.class)).isEqualTo(Partition.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_", "date=2026-11-20", "date=2026-11-20/region=eu", "hour=2026-11-20T10:00/x=-1.5"})
    void parseIsTheInverseOfKey(String key) {
        assertThat(Partition.parse(key).key()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "date", "region=eu/date=2026-11-20", "date=", "date=a/date=b", "Date=x", "a=b//c=d", "a=b c"})
    void parseRejectsBadOrNonCanonicalKeys(String key) {
        assertThatThrownBy(() -> Partition.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serializesAsThePlainObject() throws Exception {
        Partition p = Partition.of("region", "eu", "date", "2026-11-20");
        assertThat(json.writeValueAsString(p)).isEqualTo("{\"date\":\"2026-11-20\",\"region\":\"eu\"}");
        assertThat(json.readValue("{\"region\":\"eu\",\"date\":\"2026-11-20\"}", Partition.class)).isEqualTo(p);
    }

    @Test
    void rejectsBadNamesAndValues() {
        assertThatThrownBy(() -> Partition.of("date", "2026/11/20")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partition.of("Region", "eu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partition.of("date")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partition.of("a", "1", "a", "2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partition.of(Map.of("x", "a=b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isImmutable() {
        Partition p = Partition.of("date", "2026-11-20");
        assertThatThrownBy(() -> p.dimensions().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
