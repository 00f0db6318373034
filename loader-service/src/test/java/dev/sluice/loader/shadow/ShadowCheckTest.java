package dev.sluice.loader.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Alert;
import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.ComparisonReport.RowDiff;
import dev.sluice.dataplane.compare.ComparisonReport.RowDifference;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.runtime.stage.ShadowResult;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import dev.sluice.spec.model.ShadowSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions of a shadow run: where the legacy partition is, what is recorded, when to alert. */
class ShadowCheckTest {
    static final Partition D20 = Partition.of("date", "2026-11-20");

    static JobSpec job(ShadowSpec shadow) {
        return new JobSpec("order_facts", "analytics", null, List.of(), null, null, null, null,
                List.of(new OutputSpec("order_facts_shadow", "sql/facts.sql", null, null)), null, shadow);
    }

    @Test
    void aJobWithoutShadowModeHasNoPlan() {
        assertThat(ShadowCheck.plan(job(null), D20, "env-bucket")).isEmpty();
    }

    @Test
    void anS3TemplateResolvesToThePartitionsLegacyPrefix() {
        ShadowCheck.Plan plan = ShadowCheck.plan(job(new ShadowSpec("s3://{bucket}/legacy/facts/date={date}/",
                List.of("order_id"))), D20, "env-bucket").orElseThrow();
        assertThat(plan.dataset()).isEqualTo("order_facts_shadow");
        assertThat(plan.legacy()).isInstanceOf(DatasetRef.S3.class);
        assertThat(plan.legacy().toString()).isEqualTo("s3://env-bucket/legacy/facts/date=2026-11-20/");
        assertThat(plan.options().key()).containsExactly("order_id");
        assertThat(plan.options().rightWhere()).isNull();
    }

    @Test
    void aJdbcTableIsFilteredToThePartitionByItsDimensionColumns() {
        ShadowCheck.Plan plan = ShadowCheck.plan(job(new ShadowSpec("jdbc:legacy/analytics.order_facts", List.of("order_id"))),
                Partition.of("date", "2026-11-20", "region", "eu"), "env-bucket").orElseThrow();
        assertThat(plan.legacy()).isEqualTo(new DatasetRef.Jdbc("legacy", "analytics.order_facts"));
        assertThat(plan.options().rightWhere()).isEqualTo("\"date\" = '2026-11-20' AND \"region\" = 'eu'");
        assertThat(plan.options().leftWhere()).isNull();
        // partition values admit no quotes; the filter escapes them all the same
        assertThat(ShadowCheck.partitionFilter(Map.of("re\"gion", "o'hare"))).isEqualTo("\"re\"\"gion\" = 'o''hare'");
    }

    @Test
    void aPartitionValueThatLeavesTheTemplatesPrefixIsRefused() {
        JobSpec job = job(new ShadowSpec("s3://legacy-bucket/warehouse/{region}/", List.of("id")));
        assertThatThrownBy(() -> ShadowCheck.plan(job, Partition.of("region", ".."), "env-bucket"))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.LOCATION_REFUSED))
                .hasMessage("job order_facts: shadow.legacy 's3://legacy-bucket/warehouse/{region}/' resolves to"
                        + " 's3://legacy-bucket/warehouse/../' for partition region=.., which leaves its prefix"
                        + " s3://legacy-bucket/warehouse/");
    }

    @Test
    void aTemplateNamingAnotherDimensionIsAnInvalidSpec() {
        JobSpec job = job(new ShadowSpec("s3://legacy-bucket/warehouse/region={region}/", List.of("id")));
        assertThatThrownBy(() -> ShadowCheck.plan(job, D20, "env-bucket"))
                .isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_SPEC))
                .hasMessageContaining("names {region}, which is not a dimension of the partition {date=2026-11-20}");
    }

    static ComparisonReport report(long leftRows, long rightRows, RowDiff rows) {
        return new ComparisonReport("s3://env-bucket/datasets/order_facts_shadow/date=2026-11-20/run=r-1/",
                "s3://legacy-bucket/warehouse/date=2026-11-20/", List.of("order_id"), List.of(), leftRows, rightRows, List.of(), rows);
    }

    @Test
    void anEqualComparisonIsRecordedWithoutAlert() {
        ShadowCheck.Plan plan = ShadowCheck.plan(job(new ShadowSpec("s3://legacy-bucket/warehouse/date={date}/", List.of("order_id"))),
                D20, "env-bucket").orElseThrow();
        ShadowResult result = ShadowCheck.result(plan, report(3, 3, new RowDiff(0, 0, 0, Map.of(), 0, 0, List.of())));
        assertThat(result.outcome()).isEqualTo(ShadowResult.Outcome.EQUAL);
        assertThat(result.label()).isEqualTo("equal");
        assertThat(result.summary()).isEqualTo("equal: 3 rows");
        assertThat(result.legacy()).isEqualTo("s3://legacy-bucket/warehouse/date=2026-11-20/");
        assertThat(ShadowCheck.alert(result, "order_facts", D20, "r-1")).isEmpty();
    }

    @Test
    void aDifferenceRecordsTheDifferingKeysOnlyAndAlerts() {
        ShadowCheck.Plan plan = ShadowCheck.plan(job(new ShadowSpec("s3://legacy-bucket/warehouse/date={date}/", List.of("order_id"))),
                D20, "env-bucket").orElseThrow();
        RowDifference changed = new RowDifference("changed", Map.of("order_id", "2"), Map.of("order_id", "2", "amount", "20"),
                Map.of("order_id", "2", "amount", "21"), List.of("amount"));
        ShadowResult result = ShadowCheck.result(plan, report(3, 3, new RowDiff(0, 0, 1, Map.of("amount", 1L), 0, 0, List.of(changed))));
        assertThat(result.outcome()).isEqualTo(ShadowResult.Outcome.DIFFERENT);
        assertThat(result.summary()).isEqualTo("different: 1 changed");
        assertThat(result.differingKeys()).containsExactly(Map.of("order_id", "2", "_difference", "changed"));
        Alert alert = ShadowCheck.alert(result, "order_facts", D20, "r-1").orElseThrow();
        assertThat(alert.kind()).isEqualTo(Alert.Kind.SHADOW_DIFFERENCE);
        assertThat(alert.severity()).isEqualTo(Alert.Severity.WARN);
        assertThat(alert.dataset()).isEqualTo("order_facts_shadow");
        assertThat(alert.message()).contains("differs from s3://legacy-bucket/warehouse/date=2026-11-20/: different: 1 changed")
                .contains("order_id=2").doesNotContain("amount=2");
    }

    @Test
    void aComparisonThatCouldNotBeMadeIsRecordedAsErrorWithAWarning() {
        ShadowCheck.Plan plan = ShadowCheck.plan(job(new ShadowSpec("s3://legacy-bucket/warehouse/date={date}/", List.of("order_id"))),
                D20, "env-bucket").orElseThrow();
        ShadowResult result = ShadowCheck.error(plan, new ClassifiedException(ErrorClass.INVALID_SETTINGS, "right: no Parquet object"));
        assertThat(result.outcome()).isEqualTo(ShadowResult.Outcome.ERROR);
        assertThat(result.summary()).isEqualTo("error: InvalidSettings: right: no Parquet object");
        Alert alert = ShadowCheck.alert(result, "order_facts", D20, "r-1").orElseThrow();
        assertThat(alert.kind()).isEqualTo(Alert.Kind.FAILURE);
        assertThat(alert.severity()).isEqualTo(Alert.Severity.WARN);
    }
}
