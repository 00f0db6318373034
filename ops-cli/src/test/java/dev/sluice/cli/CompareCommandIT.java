package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.spec.settings.Lookup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code sluice compare} with an S3 prefix on one side, against the local stack's S3. */
@AwsIntegrationTest
class CompareCommandIT {

    private final AwsStack stack;

    CompareCommandIT(AwsStack stack) {
        this.stack = stack;
    }

    @Test
    void comparesAnS3PrefixWithALocalFile(@TempDir Path dir) throws Exception {
        String bucket = "compare-it";
        stack.clients().s3().createBucket(b -> b.bucket(bucket));
        Path local = dir.resolve("orders.parquet");
        Path changed = dir.resolve("changed.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + CompareCommandTest.ORDERS + ") TO '" + local + "' (FORMAT parquet)");
            s.execute("COPY (SELECT order_id, customer, amount FROM (" + CompareCommandTest.ORDERS
                    + ") WHERE order_id <> 2) TO '" + changed + "' (FORMAT parquet)");
        }
        stack.clients().s3().putObject(b -> b.bucket(bucket).key("datasets/orders/date=2026-11-20/part-00000.parquet"),
                RequestBody.fromFile(local));
        stack.clients().s3().putObject(b -> b.bucket(bucket).key("datasets/orders/date=2026-11-20/_manifest.json"),
                RequestBody.fromString("{}"));
        Lookup settings = Lookup.environment().withOverrides(stack.settings());
        String prefix = "s3://" + bucket + "/datasets/orders/date=2026-11-20/";

        CliRun equal = CliRun.of(settings, "compare", prefix, local.toString(), "--key", "order_id", "--work-dir",
                dir.resolve("work").toString());
        assertThat(equal.exitCode()).as(equal.err()).isZero();
        assertThat(equal.out()).contains("result: EQUAL");

        CliRun different = CliRun.of(settings, "compare", prefix, changed.toString(), "--key", "order_id",
                "--work-dir", dir.resolve("work").toString());
        assertThat(different.exitCode()).as(different.err()).isEqualTo(1);
        assertThat(different.out()).contains("keys only in left: 1", "only left {order_id=2}");

        CliRun missing = CliRun.of(settings, "compare", "s3://" + bucket + "/datasets/none/", local.toString(),
                "--work-dir", dir.resolve("work").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("error: LEFT: no Parquet object at s3://" + bucket + "/datasets/none/");
    }
}
