package dev.sluice.transformer;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.S3Uri;
import dev.sluice.runtime.aws.AwsClients;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** A bucket of the local S3 with staged test data, and an engine reading from and staging to it. */
final class S3Fixture {

    final String bucket = "it-transform-" + UUID.randomUUID().toString().substring(0, 8);
    final S3Transfer transfer;
    final TransformEngine engine;

    S3Fixture(AwsClients aws, Path workRoot) {
        this.transfer = new S3Transfer(aws, 4);
        aws.s3().createBucket(b -> b.bucket(bucket));
        this.engine = new TransformEngine(TransformSettings.defaults().withWorkDirectory(workRoot),
                List.of(new S3StagingStore(transfer)));
    }

    /** Writes {@code select}'s rows as Parquet through DuckDB and uploads them to {@code key}. */
    URI stage(Path dir, String key, String select) {
        Path file = TestData.parquet(dir.resolve("upload-" + UUID.randomUUID() + ".parquet"), select);
        return transfer.upload(file, new S3Uri(bucket, key)).uri().toUri();
    }

    /** The prefix of the staged extract output of a job: {@code staging/<job>/<partition>/<runId>/extract/}. */
    URI prefix(String key) {
        return new S3Uri(bucket, key).toUri();
    }

    /** The transform's staging prefix for a run. */
    URI transformPrefix(String job, Partition partition, String runId) {
        return new dev.sluice.dataplane.StagingLayout(bucket).prefix(job, partition, runId,
                dev.sluice.contracts.Stage.TRANSFORM).toUri();
    }

    /** The rows of a staged Parquet file, in file order, as JSON text. */
    List<String> rows(URI file, Path dir) {
        S3Uri uri = S3Uri.parse(file.toString());
        List<S3Transfer.Downloaded> got = transfer.download(List.of(new S3ObjectRef(uri, 0)),
                dir.resolve("download-" + UUID.randomUUID()));
        return TestData.rows(got.getFirst().file());
    }

    /** The keys under a prefix. */
    List<String> keys(URI prefix) {
        return transfer.list(S3Uri.parse(prefix.toString())).stream().map(o -> o.uri().key()).toList();
    }
}
