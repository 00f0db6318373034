package dev.sluice.transformer.service;

import dev.sluice.contracts.InputVersion;
import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.StagingLayout;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.stage.RunRecord;
import dev.sluice.runtime.stage.StageWork;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.transformer.TransformEngine;
import dev.sluice.transformer.TransformSettings;
import dev.sluice.transformer.xl.XlTransform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;

/** A {@link TransformerWorker} over specs written to a directory, against the local S3, for the worker's ITs. */
final class WorkerFixture {
    static final long MIB = 1024 * 1024;

    final AwsClients aws;
    final String bucket;
    final Path dir;
    final PipelineSpecs specs;
    final TransformerWorker worker;

    /**
     * @param files    spec and SQL files by name, written under {@code dir/specs}
     * @param settings transformer settings besides the work directory
     * @param xl       the Spark transform of xl (or promoted) jobs
     */
    WorkerFixture(AwsClients aws, String bucket, Path dir, Map<String, String> files, Map<String, String> settings,
                  Supplier<XlTransform> xl) throws IOException {
        this.aws = aws;
        this.bucket = bucket;
        this.dir = dir;
        Path specDir = Files.createDirectories(dir.resolve("specs"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(specDir.resolve(f.getKey()), f.getValue());
        }
        specs = PipelineSpecs.load(specDir);
        aws.s3().createBucket(b -> b.bucket(bucket));
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(TransformSettings.WORK_DIR, Files.createDirectories(dir.resolve("work")).toString());
        TransformSettings transformSettings = TransformSettings.from(all::get);
        DuckDbResources resources = new DuckDbResources(512 * MIB, 2, Files.createDirectories(dir.resolve("spill")),
                DuckDbResources.Runtime.HOST, 1024 * MIB);
        worker = new TransformerWorker(specs, TransformEngine.forS3(aws, transformSettings), transformSettings, resources,
                new StagingLayout(bucket), new InputLocations(aws, new AllowedLocations(specs, bucket), 1 << 20), xl);
    }

    /** Writes the rows of {@code select} as Parquet to {@code s3://bucket/key}; the input version of {@code dataset} there. */
    InputVersion parquetInput(String dataset, Partition p, String key, String select) throws IOException {
        Path file = Files.createTempFile(dir, "input-", ".parquet");
        Files.delete(file);
        try (DuckDbSession db = DuckDbSession.open(new DuckDbResources(256 * MIB, 1, dir, DuckDbResources.Runtime.HOST, 512 * MIB))) {
            db.copyToParquet(select, file);
        }
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        return new InputVersion(dataset, p, 1, URI.create("s3://" + bucket + "/" + key), null);
    }

    /** The transform work of run {@code runId} of {@code job} on {@code p} over {@code inputs}, first attempt. */
    StageWork work(String runId, String job, Partition p, List<InputVersion> inputs) {
        RunRecord run = new RunRecord(runId, job, p, 1, inputs, JobReleased.Reason.ALL_INPUTS_READY, "digest", "corr-" + runId,
                Instant.now(), RunRecord.State.RUNNING, null, List.of(), null);
        return new StageWork(run, specs.findJob(job).orElseThrow(), 1, List.of());
    }
}
