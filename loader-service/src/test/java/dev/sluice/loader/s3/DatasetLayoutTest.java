package dev.sluice.loader.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Partition;
import org.junit.jupiter.api.Test;

class DatasetLayoutTest {
    final DatasetLayout layout = DatasetLayout.of("dev-sluice-data", "datasets");

    @Test
    void keysFollowTheHivePartitionAndTheRun() {
        Partition p = Partition.of("region", "eu", "date", "2026-11-20");
        assertThat(layout.file("order_facts", p, "run-7f3c", 0)).hasToString(
                "s3://dev-sluice-data/datasets/order_facts/date=2026-11-20/region=eu/run=run-7f3c/part-00000.parquet");
        assertThat(layout.manifest("order_facts", p, 3, "run-7f3c")).hasToString(
                "s3://dev-sluice-data/datasets/order_facts/date=2026-11-20/region=eu/_manifests/0000000003-run-7f3c.json");
        assertThat(layout.run("blocklist", Partition.NONE, "r1")).hasToString("s3://dev-sluice-data/datasets/blocklist/run=r1/");
        assertThat(DatasetLayout.of("b", "/x/y/").base()).hasToString("s3://b/x/y/");
    }

    @Test
    void manifestNamesSortByGeneration() {
        assertThat(DatasetLayout.manifestName("a/_manifests/0000000012-run-1.json"))
                .hasValue(new DatasetLayout.ManifestName(12, "run-1"));
        assertThat(DatasetLayout.manifestName("a/_manifests/notes.txt")).isEmpty();
        assertThat(layout.manifest("d", Partition.NONE, 9, "r").key())
                .isLessThan(layout.manifest("d", Partition.NONE, 10, "r").key());
    }
}
