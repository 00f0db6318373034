package dev.sluice.deploy;

import static dev.sluice.deploy.Synth.one;
import static dev.sluice.deploy.Synth.props;
import static dev.sluice.deploy.Synth.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.deploy.SluiceStack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * One source of truth: the sample's specs with two changes (the weekly rollup becomes {@code large}; the blocklist
 * moves from fraud-team to risk-team) show up in the template, through the topology model alone.
 */
class TopologyChangeTest {
    @TempDir
    static Path dir;

    static SluiceStack stack;
    static Template template;

    @BeforeAll
    static void synth() throws IOException {
        Path specs = dir.resolve("specs");
        try (Stream<Path> files = Files.walk(Synth.SAMPLE_SPECS)) {
            for (Path p : files.toList()) {
                Path to = specs.resolve(Synth.SAMPLE_SPECS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        edit(specs.resolve("analytics.yaml"), "  - name: rollup_weekly_revenue\n    owner: analytics\n",
                "  - name: rollup_weekly_revenue\n    owner: analytics\n    sizeClass: large\n");
        edit(specs.resolve("datasets.yaml"), "owner: fraud-team", "owner: risk-team");
        // No settings file: the defaults, so no team has a publisher yet.
        DeployApp.Result result = Synth.synth(specs, dir.resolve("absent.yaml"), dir.resolve("out"));
        stack = result.stack();
        template = Template.fromStack(stack);
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void aLargeJobAddsTheTransformLargeQueueItsRoutingAndScalingFargateWorkers() {
        one(template, "AWS::SQS::Queue", "QueueName", "dev-sluice-transform-large");
        one(template, "AWS::SQS::Queue", "QueueName", "dev-sluice-transform-large-dlq");
        Map<String, Object> large = subscriptionTo("dev-sluice-transform-large");
        assertThat(large.get("FilterPolicy")).isEqualTo(Map.of("stage", List.of("transform"), "sizeClass", List.of("large")));
        assertThat(subscriptionTo("dev-sluice-transform").get("FilterPolicy"))
                .isEqualTo(Map.of("stage", List.of("transform"), "sizeClass", List.of("small")));
        Map<String, Object> service = props(one(template, "AWS::ECS::Service", "ServiceName", "dev-sluice-transformer-large"));
        assertThat(service.get("LaunchType")).isEqualTo("FARGATE");
        assertThat(service.get("DesiredCount")).isEqualTo(0);
        Map<String, Object> target = props(resources(template, "AWS::ApplicationAutoScaling::ScalableTarget").values().iterator().next());
        assertThat(target.get("MinCapacity")).isEqualTo(0);
        assertThat(target.get("MaxCapacity")).isEqualTo(4);
        assertThat(resources(template, "AWS::ApplicationAutoScaling::ScalingPolicy")).hasSize(2); // scale out and in
        assertThat(String.valueOf(resources(template, "AWS::CloudWatch::Alarm"))).contains("ApproximateNumberOfMessagesNotVisible");
        // The task role consumes only its own queue.
        Map<String, Object> role = props(one(template, "AWS::IAM::Role", "RoleName", "dev-sluice-transformer-large"));
        assertThat(String.valueOf(role.get("Policies")))
                .contains(String.valueOf(stack.resolve(stack.queue("dev-sluice-transform-large").getQueueArn())))
                .doesNotContain(String.valueOf(stack.resolve(stack.queue("dev-sluice-transform").getQueueArn())));
        assertThat(stack.role(Service.TRANSFORMER_LARGE)).isNotNull();
    }

    @Test
    void anOwnerChangeMovesTheIngressTopicAndItsFilter() {
        one(template, "AWS::SNS::Topic", "TopicName", "dev-sluice-ingress-risk-team");
        assertThat(resources(template, "AWS::SNS::Topic").values())
                .noneMatch(t -> "dev-sluice-ingress-fraud-team".equals(props(t).get("TopicName")));
        Object topic = stack.resolve(stack.topic("dev-sluice-ingress-risk-team").getTopicArn());
        Map<String, Object> sub = resources(template, "AWS::SNS::Subscription").values().stream().map(Synth::props)
                .filter(p -> topic.equals(p.get("TopicArn"))).findFirst().orElseThrow();
        assertThat(sub.get("FilterPolicy")).isEqualTo(Map.of("dataset", List.of("blocklist")));
        assertThat(sub.get("RawMessageDelivery")).isEqualTo(false);
        // No publisher in the settings: nobody may publish to it (deny by default).
        Map<String, Object> policy = resources(template, "AWS::SNS::TopicPolicy").values().stream().map(Synth::props)
                .filter(p -> String.valueOf(p.get("Topics")).contains(String.valueOf(topic))).findFirst().orElseThrow();
        assertThat(String.valueOf(policy.get("PolicyDocument"))).doesNotContain("Sid=publishers")
                .contains("Effect=Deny").contains("Sid=only-publishers").doesNotContain("ArnNotEquals");
    }

    private static Map<String, Object> subscriptionTo(String queue) {
        Object arn = stack.resolve(stack.queue(queue).getQueueArn());
        return resources(template, "AWS::SNS::Subscription").values().stream().map(Synth::props)
                .filter(p -> arn.equals(p.get("Endpoint"))).findFirst().orElseThrow();
    }
}
