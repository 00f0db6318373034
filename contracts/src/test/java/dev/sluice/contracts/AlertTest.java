package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories build the same alerts as the canonical constructor, and keep its checks. */
class AlertTest {
    static final Partition D20 = Partition.of("date", "2026-11-20");
    static final List<DatasetPartition> MISSING = List.of(new DatasetPartition("customers", D20));
    static final List<SchemaDifference> DRIFT = List.of(new SchemaDifference("amount", SchemaDifference.Change.TYPE_CHANGED, "decimal(18,2)", "varchar"));
    static final QualityCheckResult CHECK = new QualityCheckResult("ids_unique", "unique", 3, null);

    @Test
    void eachFactoryEqualsTheCanonicalConstruction() {
        assertThat(Alert.lateInputs("enrich", D20, "late", MISSING)).isEqualTo(
                new Alert(Alert.Kind.LATE_INPUT, Alert.Severity.ERROR, "enrich", D20, null, null, "late", MISSING, null, null));
        assertThat(Alert.stageFailure("enrich", D20, "r-1", "broke")).isEqualTo(
                new Alert(Alert.Kind.FAILURE, Alert.Severity.ERROR, "enrich", D20, "r-1", null, "broke", null, null, null));
        assertThat(Alert.schemaDrift("enrich", D20, "r-1", "facts", "drift", DRIFT)).isEqualTo(
                new Alert(Alert.Kind.SCHEMA_DRIFT, Alert.Severity.ERROR, "enrich", D20, "r-1", "facts", "drift", null, DRIFT, null));
        assertThat(Alert.dataQuality(Alert.Severity.WARN, "enrich", D20, "r-1", "facts", "dq", CHECK)).isEqualTo(
                new Alert(Alert.Kind.DATA_QUALITY, Alert.Severity.WARN, "enrich", D20, "r-1", "facts", "dq", null, null, CHECK));
        assertThat(Alert.warning("enrich", D20, "r-1", "facts", "superseded")).isEqualTo(
                new Alert(Alert.Kind.FAILURE, Alert.Severity.WARN, "enrich", D20, "r-1", "facts", "superseded", null, null, null));
        assertThat(Alert.shadowDifference("enrich", D20, "r-1", "facts", "different")).isEqualTo(
                new Alert(Alert.Kind.SHADOW_DIFFERENCE, Alert.Severity.WARN, "enrich", D20, "r-1", "facts", "different", null, null, null));
    }

    @Test
    void factoriesKeepTheKindsRequiredDetails() {
        assertThatThrownBy(() -> Alert.lateInputs("enrich", D20, "late", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a late-input alert needs missingInputs");
        assertThatThrownBy(() -> Alert.schemaDrift("enrich", D20, "r-1", "facts", "drift", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a schema-drift alert needs differences");
        assertThatThrownBy(() -> Alert.dataQuality(Alert.Severity.ERROR, "enrich", D20, "r-1", "facts", "dq", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a data-quality alert needs check");
        assertThatThrownBy(() -> Alert.shadowDifference("enrich", D20, "r-1", null, "different"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a shadow-difference alert needs dataset");
        assertThatThrownBy(() -> Alert.stageFailure("enrich", D20, "r-1", null))
                .isInstanceOf(NullPointerException.class).hasMessage("message is required");
    }
}
