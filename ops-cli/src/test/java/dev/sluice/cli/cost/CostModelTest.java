package dev.sluice.cli.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.contracts.Stage;
import dev.sluice.spec.model.SizeClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of the cost model on known profiles, each figure worked out by hand in the comments. */
class CostModelTest {
    /** Round prices, so the arithmetic can be checked by hand. */
    static final String PRICES = """
            lambda.gbSecond.arm64=0.00001
            lambda.gbSecond.x86_64=0.00002
            lambda.request=0.0000002
            sqs.request=0.0000004
            sns.publish=0.0000005
            sns.sqsDelivery=0
            dynamodb.writeRequest=0.000001
            dynamodb.readRequest=0.0000001
            s3.putRequest=0.000005
            s3.getRequest=0.0000004
            s3.storageGbMonth=0.02
            fargate.vcpuHour.arm64=0.04
            fargate.gbHour.arm64=0.004
            fargate.vcpuHour.x86_64=0.05
            fargate.gbHour.x86_64=0.005
            sizing.architecture=arm64
            sizing.lambda.trackerMemoryMb=1024
            sizing.lambda.smallMemoryMb=2048
            sizing.large.cpu=4096
            sizing.large.memoryMb=16384
            sizing.tracker.msPerEvent=100
            """;
    static final double GIB = 1024.0 * 1024 * 1024;

    final PriceTable prices = PriceTable.parse("test", PRICES);

    /** small, 30 runs, 2 inputs, 1 output, transform 10 s + load 2 s, 1 GiB published per run. */
    static JobProfile small() {
        return new JobProfile("facts", SizeClass.SMALL, 30, 2, 1, Map.of(Stage.TRANSFORM, 10.0, Stage.LOAD, 2.0), GIB);
    }

    /** large, 10 runs, 1 input, 2 outputs, extract 30 s, transform 600 s (on Fargate), load 5 s, no bytes. */
    static JobProfile large() {
        return new JobProfile("big", SizeClass.LARGE, 10, 1, 2, Map.of(Stage.EXTRACT, 30.0, Stage.TRANSFORM, 600.0, Stage.LOAD, 5.0), 0);
    }

    @Test
    void requestsPerRunOfASmallJobFollowTheProtocol() {
        RequestModel r = RequestModel.perRun(small());
        // n=2, o=1, s=2: SNS job-released 1 + stage-completed 1 + data-ready 1 + job-succeeded 1
        assertThat(r.snsPublishes()).isEqualTo(4);
        // receive+delete: 2 stages + 1 data-ready at the tracker
        assertThat(r.sqsRequests()).isEqualTo(6);
        // tracker 2 arrivals x (1 release + 2 inputs) = 6; stages 2 x 2 = 4; dataset version 1
        assertThat(r.dynamoReads()).isEqualTo(11);
        // tracker WAITING + PUBLISHING + PUBLISHED = 3; stages 2 x (claim, success) + createRun = 5;
        // version 1 + final run write 1; tracker's version write of the data-ready 1
        assertThat(r.dynamoWrites()).isEqualTo(11);
        assertThat(r.lambdaInvocations()).isEqualTo(2);
        assertThat(r.trackerInvocations()).isEqualTo(1);
        assertThat(r.s3Puts()).isEqualTo(3);   // transform 1 staged file, load 1 copy + 1 manifest
        assertThat(r.s3Gets()).isEqualTo(5);   // transform 2 x 2 inputs, load 1 manifest
    }

    @Test
    void smallJobMonthByHand() {
        CostEstimate.JobCost c = CostModel.price(small(), prices);
        // Lambda: (10 + 2) s x 2 GB = 24 GB-s + tracker 1 x 0.1 s x 1 GB = 0.1 -> 24.1 x 30 runs = 723 GB-s
        assertThat(c.lambdaGbSeconds()).isCloseTo(723, within(1e-9));
        // 723 x 0.00001 + (2 + 1) x 30 requests x 0.0000002
        assertThat(c.cost().lambda()).isCloseTo(0.00723 + 0.000018, within(1e-12));
        assertThat(c.cost().fargate()).isZero();
        assertThat(c.cost().sqs()).isCloseTo(6 * 30 * 0.0000004, within(1e-12));
        assertThat(c.cost().sns()).isCloseTo(4 * 30 * 0.0000005, within(1e-12));
        assertThat(c.cost().dynamoDb()).isCloseTo((11 * 0.0000001 + 11 * 0.000001) * 30, within(1e-12));
        assertThat(c.cost().s3Requests()).isCloseTo((3 * 0.000005 + 5 * 0.0000004) * 30, within(1e-12));
        // 1 GiB x 30 runs x 0.02 per GB-month
        assertThat(c.cost().s3Storage()).isCloseTo(0.6, within(1e-12));
        assertThat(c.cost().sum()).isCloseTo(0.608253, within(1e-9));
    }

    @Test
    void largeJobTransformsOnFargateAndRenewsItsClaim() {
        RequestModel r = RequestModel.perRun(large());
        // 600 s of transform renews the claim twice (every 300 s); extract and load run on Lambda
        assertThat(r.dynamoWrites()).isEqualTo(16);
        assertThat(r.dynamoReads()).isEqualTo(10);
        assertThat(r.snsPublishes()).isEqualTo(6);
        assertThat(r.sqsRequests()).isEqualTo(10);
        assertThat(r.lambdaInvocations()).isEqualTo(2);
        CostEstimate.JobCost c = CostModel.price(large(), prices);
        // 1/6 h x 4 vCPU x 10 runs = 6.667 vCPU-h x 0.04 + 1/6 h x 16 GB x 10 = 26.667 GB-h x 0.004
        assertThat(c.fargateVcpuHours()).isCloseTo(40.0 / 6, within(1e-9));
        assertThat(c.cost().fargate()).isCloseTo(0.373333, within(1e-6));
        // (30 + 5) s x 2 GB + 2 x 0.1 s x 1 GB = 70.2 GB-s x 10 runs
        assertThat(c.lambdaGbSeconds()).isCloseTo(702, within(1e-9));
        assertThat(c.cost().sum()).isCloseTo(0.381017, within(1e-6));
    }

    @Test
    void aShortFargateTaskIsBilledAMinute() {
        JobProfile quick = new JobProfile("quick", SizeClass.XL, 1, 1, 1, Map.of(Stage.TRANSFORM, 20.0, Stage.LOAD, 1.0), 0);
        CostEstimate.JobCost c = CostModel.price(quick, prices);
        // 60 s (not 20) x 4 vCPU = 1/15 vCPU-h; 60 s x 16 GB = 4/15 GB-h
        assertThat(c.cost().fargate()).isCloseTo(0.04 / 15 + 4 * 0.004 / 15, within(1e-12));
    }

    @Test
    void theTotalIsTheSumOfTheJobs() {
        CostEstimate estimate = CostModel.estimate(List.of(small(), large()), prices);
        assertThat(estimate.jobs()).hasSize(2);
        assertThat(estimate.total().sum()).isCloseTo(0.608253 + 0.381017, within(1e-6));
        assertThat(estimate.total().fargate()).isEqualTo(estimate.jobs().get(1).cost().fargate());
    }

    @Test
    void x86PricesApplyWhenTheTableSaysSo() {
        PriceTable x86 = PriceTable.parse("test", PRICES.replace("sizing.architecture=arm64", "sizing.architecture=x86_64"));
        CostEstimate.JobCost c = CostModel.price(small(), x86);
        assertThat(c.cost().lambda()).isCloseTo(723 * 0.00002 + 0.000018, within(1e-12));
    }

    @Test
    void aNegativeProfileIsRefused() {
        assertThatThrownBy(() -> new JobProfile("bad", SizeClass.SMALL, -1, 1, 1, Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
    }
}
