package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.DatasetSchema.Column;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {

    private static final List<Column> ORDERS = List.of(
            new Column("order_id", "bigint", false),
            new Column("customer_id", "bigint", false),
            new Column("amount", "decimal(18,2)", true),
            new Column("ordered_at", "timestamp", false));

    @Test
    void theFingerprintIsTheDocumentedSha256() {
        // printf 'order_id\tbigint\tfalse\ncustomer_id\tbigint\tfalse\namount\tdecimal(18,2)\ttrue\nordered_at\ttimestamp\tfalse\n' | sha256sum
        assertThat(DatasetSchema.fingerprint(ORDERS))
                .isEqualTo("sha256:e052a654419a20dd9c3a79fecef6e857a3a0a3ce0a1b4e908777516bafc0ef97");
        assertThat(DatasetSchema.of(ORDERS).hasComputedFingerprint()).isTrue();
    }

    @Test
    void theFingerprintIgnoresTypeCaseButNotOrderOrNullability() {
        String fp = DatasetSchema.fingerprint(ORDERS);
        List<Column> upper = ORDERS.stream().map(c -> new Column(c.name(), c.type().toUpperCase(), c.nullable())).toList();
        assertThat(DatasetSchema.fingerprint(upper)).isEqualTo(fp);
        assertThat(DatasetSchema.fingerprint(List.of(ORDERS.get(1), ORDERS.get(0), ORDERS.get(2), ORDERS.get(3)))).isNotEqualTo(fp);
        assertThat(DatasetSchema.fingerprint(List.of(ORDERS.get(0), ORDERS.get(1), ORDERS.get(2),
                new Column("ordered_at", "timestamp", true)))).isNotEqualTo(fp);
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() {
        assertThatThrownBy(() -> new DataReady(null, Partition.NONE, 1, URI.create("s3://b/k"), null, "parquet",
                DatasetSchema.of(ORDERS), null, null, Producer.team("t")))
                .isInstanceOf(NullPointerException.class).hasMessage("dataset is required");
        assertThatThrownBy(() -> new DataReady("d", Partition.NONE, 1, null, null, "parquet",
                DatasetSchema.of(ORDERS), null, null, Producer.team("t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("location or manifest");
        assertThatThrownBy(() -> new StageFailed("r", "j", Partition.NONE, 1, null, "E", "m", true, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("stage is required");
        assertThatThrownBy(() -> new Alert(Alert.Kind.LATE_INPUT, Alert.Severity.WARN, "j", Partition.NONE, null, null,
                "late", List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingInputs");
    }

    @Test
    void listsAreImmutableCopiesAndNullIsEmpty() {
        List<PublishedOutput> outputs = new ArrayList<>();
        JobSucceeded done = new JobSucceeded("r", "j", Partition.NONE, 1, outputs, 10);
        outputs.add(new PublishedOutput("d", Partition.NONE, 1, URI.create("s3://b/m.json"), 0));
        assertThat(done.outputs()).isEmpty();
        assertThatThrownBy(() -> done.outputs().add(null)).isInstanceOf(UnsupportedOperationException.class);

        JobReleased released = new JobReleased("r", "j", Partition.NONE, 1, null, "sha256:x", "sha256:y",
                JobReleased.Reason.ALL_INPUTS_READY, null, Stage.EXTRACT);
        assertThat(released.inputs()).isEmpty();
        assertThat(released.missingInputs()).isEmpty();
    }

    @Test
    void aQualitySampleHoldsAtMostTenRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            rows.add(Map.of("i", i));
        }
        assertThatThrownBy(() -> new QualityCheckResult("c", "unique", 11, rows)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new QualityCheckResult("c", "unique", 11, rows.subList(0, 10)).sample()).hasSize(10);
    }

    @Test
    void anEnvelopesTypeMatchesItsData() {
        JobFailed failed = new JobFailed("r", "j", Partition.NONE, 1, Stage.LOAD, "E", "m");
        assertThatThrownBy(() -> new EventEnvelope<>("1.0", "id", "s", EventType.ALERT, null, java.time.Instant.now(),
                null, null, failed)).isInstanceOf(IllegalArgumentException.class);
        assertThat(failed.eventType()).isEqualTo(EventType.JOB_FAILED);
        assertThat(EventType.fromType("sluice.job-failed")).contains(EventType.JOB_FAILED);
        assertThat(EventType.JOB_FAILED.schemaFile()).isEqualTo("job-failed.schema.json");
    }

    @Test
    void anInputVersionComesFromADataReady() {
        EventCodec codec = new EventCodec();
        DataReady ready = codec.decode(Samples.text(EventType.DATA_READY), DataReady.class).data();
        InputVersion input = InputVersion.of(ready);
        assertThat(input.version()).isEqualTo(ready.version());
        assertThat(input.manifest()).isEqualTo(ready.manifest());
    }
}
