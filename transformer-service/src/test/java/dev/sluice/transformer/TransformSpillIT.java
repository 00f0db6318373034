package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.Partition;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A working set far above DuckDB's memory limit completes by spilling to the run's temp directory. */
@AwsIntegrationTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransformSpillIT {

    @TempDir
    Path dir;

    @Test
    void aHashAggregateLargerThanTheMemoryLimitSpillsAndCompletes(AwsClients aws) throws Exception {
        S3Fixture s3 = new S3Fixture(aws, dir.resolve("work"));
        URI seed = s3.stage(dir, "in/seed.parquet", "select 1000000::bigint as keys");
        Path spill = Files.createDirectories(dir.resolve("spill"));
        Partition day = Partition.of("date", "2026-11-20");

        // 3 million rows with a 32-character payload, aggregated over a million keys: the hash table alone is
        // well above 64 MiB.
        TransformRequest request = TransformRequest.builder()
                .job("spill")
                .partition(day)
                .runId("r1")
                .output(TestData.output("spilled", "sql/spill.sql"))
                .sql("""
                        with gen as (
                            select range as id, range % (select keys from seed) as k, md5(range::varchar) as payload
                            from range(3000000)
                        ),
                        per_key as (
                            select k, count(*) as n, max(payload) as top, min(id) as first_id
                            from gen
                            group by k
                        )
                        select k % 10 as bucket, count(*) as keys, sum(n)::bigint as rows, min(first_id) as first_id
                        from per_key
                        group by bucket
                        order by bucket""", "sql/spill.sql")
                .input("seed", List.of(seed))
                .stagingPrefix(s3.transformPrefix("spill", day, "r1"))
                .resources(TestData.resources(spill, 64))
                .build();

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peak = new AtomicLong();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(size(spill), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        TransformResult result;
        try {
            result = s3.engine.run(request);
        } finally {
            done.set(true);
            watcher.join();
        }

        List<String> expected = new ArrayList<>();
        for (int bucket = 0; bucket < 10; bucket++) {
            expected.add("{\"bucket\":" + bucket + ",\"keys\":100000,\"rows\":300000,\"first_id\":" + bucket + "}");
        }
        assertThat(s3.rows(result.files().getFirst(), dir)).containsExactlyElementsOf(expected);
        assertThat(peak.get()).as("bytes in DuckDB's temp files at their peak").isGreaterThan(64L * 1024 * 1024 / 4);
        // The run's spill directory is removed afterwards.
        assertThat(size(spill)).isZero();
    }

    private static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
