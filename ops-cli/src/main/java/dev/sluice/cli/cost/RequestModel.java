package dev.sluice.cli.cost;

import dev.sluice.contracts.Stage;

/**
 * The AWS requests one run of a job makes, counted from the protocol (docs/benchmarks.md, "Cost model", has the table).
 * {@code n} is the run's input partitions, {@code o} its outputs, {@code s} its stages.
 *
 * <ul>
 *   <li>tracker, per input arrival: one BatchGet of the job partition's release record and of its {@code n} inputs;
 *       on release two conditional writes (PUBLISHING, PUBLISHED), plus one WAITING write when it had to wait
 *       ({@code n > 1}); one job-released publish;</li>
 *   <li>each stage: a receive and a delete of its work message; a read of its stage record and a read of the release
 *       (first stage, the release check) or of the run (later stages); the claim and the success writes, plus one
 *       lease renewal per 5 minutes of work; the first stage creates the run (one write); every stage but the last
 *       publishes stage-completed;</li>
 *   <li>the last stage: per output a read and a conditional write of the dataset version, one data-ready publish;
 *       one job-succeeded publish and the run's final write;</li>
 *   <li>each data-ready the job publishes reaches the tracker: a receive and a delete, one tracker invocation, one
 *       conditional write of the version;</li>
 *   <li>S3: extract and transform write one staged file per output; the transform reads each input (two GETs: the
 *       Parquet footer, then the data); load copies each staged file (one COPY) and writes and reads a manifest.</li>
 * </ul>
 */
public record RequestModel(
        double snsPublishes,
        double sqsRequests,
        double dynamoReads,
        double dynamoWrites,
        double lambdaInvocations,
        double trackerInvocations,
        double s3Puts,
        double s3Gets) {

    /** Seconds of work after which a running stage renews its claim (a third of the 15-minute stage lease). */
    public static final double LEASE_RENEWAL_SECONDS = 300;

    public static RequestModel perRun(JobProfile job) {
        double n = job.inputs();
        int o = job.outputs();
        int s = job.stages();
        double renewals = 0;
        double lambda = 0;
        for (Stage stage : job.stageSeconds().keySet()) {
            renewals += Math.floor(job.seconds(stage) / LEASE_RENEWAL_SECONDS);
            lambda += job.onFargate(stage) ? 0 : 1;
        }
        // tracker: releasing the job
        double reads = n * (1 + n);
        double writes = 2 + (n > 1 ? 1 : 0);
        double sns = 1;
        // the stages
        double sqs = 2.0 * s;
        reads += 2.0 * s;
        writes += 2.0 * s + renewals + 1;
        sns += s - 1;
        // the last stage: dataset versions, data-ready, job-succeeded, the run's final write
        reads += o;
        writes += o + 1;
        sns += o + 1;
        // each data-ready reaching the tracker
        sqs += 2.0 * o;
        writes += o;
        double puts = (job.has(Stage.EXTRACT) ? o : 0) + (job.has(Stage.TRANSFORM) ? o : 0) + 2.0 * o;
        double gets = (job.has(Stage.TRANSFORM) ? 2 * n : 0) + o;
        return new RequestModel(sns, sqs, reads, writes, lambda, o, puts, gets);
    }

    public double dynamoRequests() {
        return dynamoReads + dynamoWrites;
    }
}
