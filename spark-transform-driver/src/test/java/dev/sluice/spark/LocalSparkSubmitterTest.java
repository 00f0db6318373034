package dev.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.spec.xl.SparkJobRequest;
import dev.sluice.spec.xl.SparkJobResult;
import dev.sluice.transformer.xl.LocalSparkSubmitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer's local submitter runs the driver in a child JVM (Spark local mode) and reads its result. */
class LocalSparkSubmitterTest {

    @Test
    void runsTheDriverInAChildJvm(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("events.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (1::BIGINT, 'a'), (2::BIGINT, 'b'), (3::BIGINT, 'a')) t(id, kind))"
                    + " TO '" + input + "' (FORMAT parquet)");
        }
        String staging = dir.toUri() + "staging/transform/kinds/";
        SparkJobRequest request = new SparkJobRequest("kinds", "kinds", "r1", 1,
                List.of(new SparkJobRequest.Param("run_id", "VARCHAR", "r1")), Map.of("events", List.of(input.toUri().toString())),
                Map.of(), "select kind, count(*) as n, max((select run_id from sluice_params)) as run from events group by kind",
                "sql/kinds.sql", staging, dir.toUri() + "staging/transform/kinds-spark/result.json", List.of(), Map.of());

        SparkJobResult result = new LocalSparkSubmitter(System.getProperty("java.class.path"), "local[1]", "512m",
                Duration.ofMinutes(3)).run(request);

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.columns()).isEqualTo(Map.of("kind", "VARCHAR", "n", "BIGINT", "run", "VARCHAR"));
        assertThat(result.files()).isNotEmpty().allSatisfy(f -> assertThat(f).startsWith(staging).endsWith(".parquet"));
        assertThat(Files.exists(dir.resolve("staging/transform/kinds-spark/job.json"))).isTrue();
    }
}
