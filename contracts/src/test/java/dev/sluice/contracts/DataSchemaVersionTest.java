package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a consumer does with an event written against a schema version it does not know. */
class DataSchemaVersionTest {
    final EventCodec codec = new EventCodec();
    final DataReady ready = new DataReady("orders", Partition.of("date", "2026-11-20"), 3, URI.create("s3://b/raw/orders/"), null,
            "parquet", DatasetSchema.of(List.of(new DatasetSchema.Column("id", "BIGINT", false))), null, null,
            new Producer("shop-backend", null, null));

    String event() {
        return codec.encode(EventEnvelope.of("urn:team:shop", "orders/date=2026-11-20", "c-1", ready));
    }

    @Test
    void theKnownSchemaOrNoneIsRead() {
        String json = event();
        assertThat(json).contains("\"dataschema\":\"https://schemas.sluice.dev/events/data-ready.schema.json\"");
        assertThat(codec.decode(json, DataReady.class).data()).isEqualTo(ready);
        String without = json.replace("\"dataschema\":\"https://schemas.sluice.dev/events/data-ready.schema.json\",", "");
        assertThat(without).doesNotContain("dataschema");
        assertThat(codec.decode(without, DataReady.class).data()).isEqualTo(ready);
    }

    @Test
    void anotherMajorVersionOrAnotherTypesSchemaIsRefusedNamingTheField() {
        for (String other : new String[] {"https://schemas.sluice.dev/events/v2/data-ready.schema.json",
                "https://schemas.sluice.dev/events/job-released.schema.json"}) {
            String json = event().replace("https://schemas.sluice.dev/events/data-ready.schema.json", other);
            assertThatThrownBy(() -> codec.decode(json))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("$.dataschema: is not a schema this consumer knows for sluice.data-ready")
                    .hasMessageContaining(other);
        }
    }

    @Test
    void versionsAreBoundedSoThatEveryLanguageHoldsThem() {
        String max = event().replace("\"version\":3", "\"version\":" + DataReady.MAX_VERSION);
        assertThat(codec.decode(max, DataReady.class).data().version()).isEqualTo(9007199254740991L);
        String poison = event().replace("\"version\":3", "\"version\":" + Long.MAX_VALUE);
        assertThat(poison).contains("\"version\":9223372036854775807");
        assertThatThrownBy(() -> codec.decode(poison))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("$.data.version");
        assertThatThrownBy(() -> new DataReady("orders", Partition.of("date", "2026-11-20"), Long.MAX_VALUE, URI.create("s3://b/x/"),
                null, "parquet", ready.schema(), null, null, ready.producer()))
                .hasMessage("version must be <= 9007199254740991 (2^53-1), was 9223372036854775807");
    }
}
