package dev.sluice.cli.cost;

import java.util.List;

/** A month's estimated cost (USD), per job and in total, with the price table it used. */
public record CostEstimate(PriceTable prices, List<JobCost> jobs, Lines total) {

    /** One job's month: its profile, its requests per run, and the cost by service. */
    public record JobCost(JobProfile profile, RequestModel requestsPerRun, double lambdaGbSeconds, double fargateVcpuHours,
                          Lines cost) {
    }

    /** Cost by service; {@link #sum()} is the whole. */
    public record Lines(double lambda, double fargate, double sqs, double sns, double dynamoDb, double s3Requests,
                        double s3Storage) {
        public static final Lines ZERO = new Lines(0, 0, 0, 0, 0, 0, 0);

        public double sum() {
            return lambda + fargate + sqs + sns + dynamoDb + s3Requests + s3Storage;
        }

        public Lines plus(Lines o) {
            return new Lines(lambda + o.lambda, fargate + o.fargate, sqs + o.sqs, sns + o.sns, dynamoDb + o.dynamoDb,
                    s3Requests + o.s3Requests, s3Storage + o.s3Storage);
        }
    }
}
