package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Stage;
import org.junit.jupiter.api.Test;

class S3GlobAndStagingTest {

    @Test
    void globListsByItsLiteralPrefixAndMatchesTheRest() {
        S3Glob glob = S3Glob.of("raw/orders/date=2026-11-20/*.csv.gz");
        assertThat(glob.literalPrefix()).isEqualTo("raw/orders/date=2026-11-20/");
        assertThat(glob.matches("raw/orders/date=2026-11-20/part-1.csv.gz")).isTrue();
        assertThat(glob.matches("raw/orders/date=2026-11-20/part-1.csv")).isFalse();
        assertThat(glob.matches("raw/orders/date=2026-11-20/sub/part-1.csv.gz")).as("* stays in a folder").isFalse();

        S3Glob deep = S3Glob.of("raw/**/part-?.{csv,json}");
        assertThat(deep.literalPrefix()).isEqualTo("raw/");
        assertThat(deep.matches("raw/a/b/part-1.csv")).isTrue();
        assertThat(deep.matches("raw/a/part-2.json")).isTrue();
        assertThat(deep.matches("raw/a/part-10.json")).isFalse();

        assertThat(S3Glob.of("x/[a-c]*.txt").matches("x/b1.txt")).isTrue();
        assertThat(S3Glob.of("x/[!a-c]*.txt").matches("x/b1.txt")).isFalse();
        assertThat(S3Glob.of("x/a+b(1).txt").matches("x/a+b(1).txt")).as("regex characters are literal").isTrue();
        assertThat(S3Glob.of("x/\\*.txt").literalPrefix()).isEqualTo("x/*.txt");
        assertThatThrownBy(() -> S3Glob.of("x/{a,b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void s3Uris() {
        S3Uri uri = S3Uri.parse("s3://bucket/raw/orders/*.csv");
        assertThat(uri.bucket()).isEqualTo("bucket");
        assertThat(uri.key()).isEqualTo("raw/orders/*.csv");
        assertThat(uri.isGlob()).isTrue();
        assertThat(S3Uri.parse("s3://bucket").key()).isEmpty();
        assertThat(S3Uri.parse("s3://bucket/a/b.csv").isGlob()).isFalse();
        assertThatThrownBy(() -> S3Uri.parse("https://bucket/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stagingKeysAreDeterministic() {
        StagingLayout layout = new StagingLayout("lake");
        Partition p = Partition.of("date", "2026-11-20", "region", "eu");
        assertThat(layout.prefix("extract_orders", p, "run-1", Stage.EXTRACT))
                .hasToString("s3://lake/staging/extract_orders/date=2026-11-20/region=eu/run-1/extract/");
        assertThat(layout.file("extract_orders", p, "run-1", Stage.EXTRACT, 0))
                .hasToString("s3://lake/staging/extract_orders/date=2026-11-20/region=eu/run-1/extract/part-00000.parquet");
        assertThat(layout.file("j", Partition.NONE, "r", Stage.TRANSFORM, 12))
                .hasToString("s3://lake/staging/j/_/r/transform/part-00012.parquet");
        assertThat(new StagingLayout("lake", "/env/dev/staging/").prefix("j", Partition.NONE, "r", Stage.LOAD))
                .hasToString("s3://lake/env/dev/staging/j/_/r/load/");
        assertThatThrownBy(() -> layout.prefix("../x", p, "r", Stage.EXTRACT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.prefix("j", p, "a/b", Stage.EXTRACT)).isInstanceOf(IllegalArgumentException.class);
    }
}
