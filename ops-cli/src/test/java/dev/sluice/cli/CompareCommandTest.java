package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice compare} on local Parquet files: exit status, text and JSON reports, refusals. */
class CompareCommandTest {

    static final String ORDERS = "SELECT * FROM (VALUES (1, 'a', 10.5), (2, 'b', 20.0), (3, 'c', 30.0)) t(order_id, customer, amount)";

    @TempDir
    Path dir;

    Path parquet(String name, String select) throws Exception {
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    CliRun compare(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--work-dir";
        all[args.length + 2] = dir.resolve("work").toString();
        return CliRun.of(all);
    }

    @Test
    void equalDatasetsExitZero() throws Exception {
        Path left = parquet("left.parquet", ORDERS);
        Files.createDirectories(dir.resolve("right"));
        parquet("right/part-00000.parquet", ORDERS + " WHERE order_id < 3");
        parquet("right/part-00001.parquet", ORDERS + " WHERE order_id = 3");

        CliRun run = compare(left.toString(), dir.resolve("right").toString(), "--key", "order_id");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("result: EQUAL", "rows: 3 left, 3 right (same)", "keys only in left: 0");
    }

    @Test
    void aDifferingRowExitsOneAndIsShownWithItsKeyInTextAndJson() throws Exception {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", "SELECT order_id, customer, CASE WHEN order_id = 3 THEN 31.0 ELSE amount END"
                + " AS amount FROM (" + ORDERS + ")");

        CliRun text = compare(left.toString(), right.toString(), "--key", "order_id");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("result: DIFFERENT", "changed: 1", "changed {order_id=3}", "amount: 30.0 -> 31.0");

        CliRun json = compare(left.toString(), right.toString(), "--key", "order_id", "--format", "json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("equal").asBoolean()).isFalse();
        JsonNode row = tree.get("rows").get("sample").get(0);
        assertThat(row.get("kind").asText()).isEqualTo("changed");
        assertThat(row.get("key").get("order_id").asText()).isEqualTo("3");
        assertThat(row.get("left").get("amount").asText()).isEqualTo("30.0");
        assertThat(row.get("right").get("amount").asText()).isEqualTo("31.0");
    }

    @Test
    void aSchemaDifferenceExitsOne() throws Exception {
        Path left = parquet("left.parquet", ORDERS);
        Path right = parquet("right.parquet", "SELECT order_id, customer FROM (" + ORDERS + ")");
        CliRun run = compare(left.toString(), right.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("schema: 1 difference(s)", "column amount only in left (DECIMAL(3,1))");
    }

    @Test
    void badInputsExitTwoNamingTheOptionAndTheValue() throws Exception {
        Path left = parquet("left.parquet", ORDERS);
        Path missing = dir.resolve("missing");

        CliRun noFile = compare(left.toString(), missing.toString(), "--key", "order_id");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).contains("error: RIGHT: no such file or directory: " + missing);

        CliRun badKey = compare(left.toString(), left.toString(), "--key", "order_id,orderid");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("error: --key: column 'orderid' is not in left (its columns: order_id, customer, amount)");

        CliRun badJdbc = compare(left.toString(), "jdbc:legacy/orders", "--key", "order_id");
        assertThat(badJdbc.exitCode()).isEqualTo(2);
        assertThat(badJdbc.err()).contains("error: RIGHT: connection 'legacy' is not configured: set SLUICE_JDBC_LEGACY_URL");

        CliRun badWhere = compare(left.toString(), left.toString(), "--left-where", "no_such_column = 1");
        assertThat(badWhere.exitCode()).isEqualTo(2);
        assertThat(badWhere.err()).contains("error: --left-where: 'no_such_column = 1' does not apply");

        CliRun badFormat = compare(left.toString(), left.toString(), "--format", "yaml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format must be text or json, not 'yaml'");

        // Nothing is left behind in the work directory.
        try (var files = Files.list(dir.resolve("work"))) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
