package dev.sluice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.runtime.aws.AwsClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

@AwsIntegrationTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3TransferIT {

    private final AwsClients aws;
    private final S3Transfer transfer;
    private final String bucket = "it-transfer-" + UUID.randomUUID().toString().substring(0, 8);

    S3TransferIT(AwsClients aws) {
        this.aws = aws;
        this.transfer = new S3Transfer(aws);
        aws.s3().createBucket(b -> b.bucket(bucket));
    }

    private void put(String key, String body) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    @Test
    void listsByGlobDownloadsAndDeletes(@TempDir Path dir) throws IOException {
        put("raw/orders/date=2026-11-20/a.csv.gz", "a");
        put("raw/orders/date=2026-11-20/b.csv.gz", "bb");
        put("raw/orders/date=2026-11-20/notes.txt", "x");
        put("raw/orders/date=2026-11-21/c.csv.gz", "c");

        List<S3ObjectRef> matched = transfer.resolve(S3Uri.parse("s3://" + bucket + "/raw/orders/date=2026-11-20/*.csv.gz"));
        assertThat(matched).extracting(o -> o.uri().key())
                .containsExactly("raw/orders/date=2026-11-20/a.csv.gz", "raw/orders/date=2026-11-20/b.csv.gz");
        assertThat(matched).extracting(S3ObjectRef::size).containsExactly(1L, 2L);
        assertThat(transfer.resolve(S3Uri.parse("s3://" + bucket + "/raw/orders/date=2026-11-21/c.csv.gz"))).hasSize(1);
        assertThat(transfer.resolve(S3Uri.parse("s3://" + bucket + "/raw/nothing.csv"))).isEmpty();
        assertThat(transfer.resolve(S3Uri.parse("s3://" + bucket + "/raw/orders/"))).hasSize(4);

        List<S3Transfer.Downloaded> files = transfer.download(matched, dir.resolve("in"));
        assertThat(files).extracting(d -> d.file().getFileName().toString())
                .containsExactly("00000-a.csv.gz", "00001-b.csv.gz");
        assertThat(Files.readString(files.get(1).file())).isEqualTo("bb");

        assertThat(transfer.deletePrefix(S3Uri.parse("s3://" + bucket + "/raw/orders/date=2026-11-20/"))).isEqualTo(3);
        assertThat(transfer.list(S3Uri.parse("s3://" + bucket + "/raw/"))).extracting(o -> o.uri().key())
                .containsExactly("raw/orders/date=2026-11-21/c.csv.gz");
    }

    @Test
    void uploadsLargeFilesInPartsAndDirectoriesByRelativePath(@TempDir Path dir) throws IOException {
        // Above fauxqs's ~11 MiB limit for one PUT: only a multipart upload gets through.
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path big = Files.write(dir.resolve("big.bin"), data);
        S3ObjectRef uploaded = transfer.upload(big, S3Uri.parse("s3://" + bucket + "/staging/big.bin"));
        assertThat(uploaded.size()).isEqualTo(data.length);

        Path out = Files.createDirectories(dir.resolve("out/sub"));
        Files.writeString(dir.resolve("out/part-00000.parquet"), "p0");
        Files.writeString(out.resolve("part-00001.parquet"), "p1");
        List<S3ObjectRef> all = transfer.uploadTo(dir.resolve("out"), S3Uri.parse("s3://" + bucket + "/staging/run/"));
        assertThat(all).extracting(o -> o.uri().key())
                .containsExactly("staging/run/part-00000.parquet", "staging/run/sub/part-00001.parquet");
        // A retry overwrites the same keys.
        transfer.uploadTo(dir.resolve("out"), S3Uri.parse("s3://" + bucket + "/staging/run/"));
        assertThat(transfer.list(S3Uri.parse("s3://" + bucket + "/staging/run/"))).hasSize(2);

        List<S3Transfer.Downloaded> back = transfer.downloadPrefix(S3Uri.parse("s3://" + bucket + "/staging/big"), dir.resolve("back"));
        assertThat(Files.readAllBytes(back.getFirst().file())).isEqualTo(data);
    }

    @Test
    void aMissingBucketIsNotRetryable() {
        assertThatThrownBy(() -> transfer.list(S3Uri.parse("s3://no-such-bucket-" + UUID.randomUUID() + "/x")))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(404);
                });
    }

    @Test
    void aListingWithASizeLimitStopsAfterThePageThatExceedsIt() {
        // 1,050 objects: S3 lists 1,000 keys a page, so a listing that stops early returns the first page only.
        for (int i = 0; i < 1_050; i++) {
            put(String.format("big/part-%05d.parquet", i), "0123456789");
        }
        put("big/_manifest.json", "{}");
        S3Uri prefix = new S3Uri(bucket, "big/");

        assertThat(transfer.list(prefix)).hasSize(1_051);
        List<S3ObjectRef> limited = transfer.resolve(prefix, key -> key.endsWith(".parquet"), 100);
        assertThat(limited).as("stopped after the first page").hasSizeLessThanOrEqualTo(1_000).hasSizeGreaterThan(10);
        assertThat(limited.stream().mapToLong(S3ObjectRef::size).sum()).as("over the limit: the caller refuses").isGreaterThan(100);
        assertThat(limited).allSatisfy(o -> assertThat(o.uri().key()).endsWith(".parquet"));
        assertThat(transfer.resolve(prefix, key -> key.endsWith(".parquet"), Long.MAX_VALUE)).hasSize(1_050);
    }
}
