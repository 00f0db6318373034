package dev.sluice.cli.cost;

import dev.sluice.contracts.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices job profiles: a pure function of the profiles and the price table, so the ops CLI prices what the runs table
 * measured and a benchmark prices a synthetic profile the same way.
 *
 * <p>Per run: Lambda GB-seconds of each stage on Lambda (its mean duration × the {@code small} memory) and of the
 * tracker's invocations (one per data-ready the job publishes × {@code sizing.tracker.msPerEvent} × the tracker's
 * memory), plus a request each; the transform of a {@code large} or {@code xl} job on a Fargate task (its duration,
 * at least one minute, × the task's vCPUs and memory); the requests of {@link RequestModel}; S3 storage of the bytes a
 * run publishes, for one month.
 */
public final class CostModel {
    private static final double MB_PER_GB = 1024.0;
    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    private CostModel() {
    }

    public static CostEstimate estimate(List<JobProfile> profiles, PriceTable prices) {
        List<CostEstimate.JobCost> jobs = new ArrayList<>();
        CostEstimate.Lines total = CostEstimate.Lines.ZERO;
        for (JobProfile p : profiles) {
            CostEstimate.JobCost cost = price(p, prices);
            jobs.add(cost);
            total = total.plus(cost.cost());
        }
        return new CostEstimate(prices, List.copyOf(jobs), total);
    }

    static CostEstimate.JobCost price(JobProfile p, PriceTable prices) {
        RequestModel r = RequestModel.perRun(p);
        double runs = p.runsPerMonth();
        double stageGbSeconds = 0;
        double fargateSeconds = 0;
        for (Stage stage : p.stageSeconds().keySet()) {
            if (p.onFargate(stage)) {
                fargateSeconds += Math.max(60, p.seconds(stage));
            } else {
                stageGbSeconds += p.seconds(stage) * prices.smallMemoryMb() / MB_PER_GB;
            }
        }
        double trackerGbSeconds = r.trackerInvocations() * prices.trackerMsPerEvent() / 1000 * prices.trackerMemoryMb() / MB_PER_GB;
        double gbSeconds = (stageGbSeconds + trackerGbSeconds) * runs;
        double lambda = gbSeconds * prices.lambdaGbSecond()
                + (r.lambdaInvocations() + r.trackerInvocations()) * runs * prices.lambdaRequest();
        double vcpuHours = fargateSeconds / 3600 * prices.largeCpuUnits() / 1024.0 * runs;
        double gbHours = fargateSeconds / 3600 * prices.largeMemoryMb() / MB_PER_GB * runs;
        double fargate = vcpuHours * prices.fargateVcpuHour() + gbHours * prices.fargateGbHour();
        double sqs = r.sqsRequests() * runs * prices.sqsRequest();
        // every SNS publish of the pipeline is delivered to one SQS queue (the tracker's or a stage's)
        double sns = r.snsPublishes() * runs * (prices.snsPublish() + prices.snsSqsDelivery());
        double dynamo = (r.dynamoReads() * prices.dynamoReadRequest() + r.dynamoWrites() * prices.dynamoWriteRequest()) * runs;
        double s3Requests = (r.s3Puts() * prices.s3PutRequest() + r.s3Gets() * prices.s3GetRequest()) * runs;
        double s3Storage = p.bytesPerRun() * runs / BYTES_PER_GB * prices.s3StorageGbMonth();
        return new CostEstimate.JobCost(p, r, gbSeconds, vcpuHours,
                new CostEstimate.Lines(lambda, fargate, sqs, sns, dynamo, s3Requests, s3Storage));
    }
}
