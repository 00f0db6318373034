package dev.sluice.tracker;

import static dev.sluice.tracker.Events.dataReady;
import static dev.sluice.tracker.Events.date;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.JobReleased;
import dev.sluice.localstack.AwsIntegrationTest;
import dev.sluice.localstack.AwsStack;
import dev.sluice.runtime.events.Destination;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.runtime.lambda.SqsLambdaAdapter;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.tracker.lambda.TrackerFunction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** The tracker as a service: SNS → SQS → tracker → SNS → stage queues, on the local stack. */
@AwsIntegrationTest
class TrackerServiceIT {
    private final AwsStack stack;

    TrackerServiceIT(AwsStack stack) {
        this.stack = stack;
    }

    private Map<String, String> settings(String env) throws Exception {
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put(ServiceSettings.ENV, env);
        settings.put(ServiceSettings.SPECS_DIR, Path.of(getClass().getResource("/specs/tracker").toURI()).toString());
        settings.put("SLUICE_POLLER_POLL_TIMEOUT", "PT1S");
        settings.put("SLUICE_POLLER_LISTENER_SHUTDOWN_TIMEOUT", "PT2S");
        return settings;
    }

    @Test
    void containerModeReleasesToTheFirstStageQueueAndDeadLettersPoison() throws Exception {
        String env = "svcit";
        TestTopology.provision(stack.clients(), TestTopology.fixtureSpecs(), env);
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap(TrackerFactory.SERVICE, settings(env)), Clock.systemUTC());
             ContainerService tracker = TrackerService.start(context)) {
            // Upstream teams publish to their ingress topics (the fixture's fx is treasury's; orders and sales are shop's).
            team(context, "treasury").publish(Destination.DATA_READY, dataReady("fx", date("2026-11-19"), 1));
            team(context, "shop").publish(Destination.DATA_READY, dataReady("orders", date("2026-11-20"), 1));
            // poison: not JSON at all, and a partition value the dataset does not declare
            String topic = context.resources().ingressTopicArn("treasury");
            stack.clients().sns().publish(b -> b.topicArn(topic).message("{not json")
                    .messageAttributes(Map.of("dataset", attr("fx"), "type", attr("sluice.data-ready"))));
            team(context, "shop").publish(Destination.DATA_READY,
                    dataReady("sales", dev.sluice.contracts.Partition.of("date", "2026-11-20", "region", "mars"), 1));

            List<Message> transform = receive(context.resources().queueUrl(QueueRole.TRANSFORM), 2);
            assertThat(transform).extracting(m -> new EventCodec().decode(m.body(), JobReleased.class).data().job())
                    .containsExactlyInAnyOrder("convert", "pin");
            assertThat(transform).allSatisfy(m -> assertThat(m.messageAttributes().get("stage").stringValue()).isEqualTo("transform"));

            List<Message> dead = receive(context.resources().deadLetterQueueUrl(QueueRole.TRACKER), 2);
            assertThat(dead).extracting(m -> m.messageAttributes().get(DeadLetter.ERROR_REASON).stringValue())
                    .anySatisfy(r -> assertThat(r).contains("$").contains("not valid JSON"))
                    .anySatisfy(r -> assertThat(r).isEqualTo(
                            "data.partition: partition value region=mars of dataset 'sales' is not one of the declared values [eu, us, apac]"));
            assertThat(receive(context.resources().queueUrl(QueueRole.EXTRACT), 0)).isEmpty();
        }
    }

    @Test
    void theLambdaFunctionRunsTheSameCore() throws Exception {
        String env = "lambdait";
        TestTopology.provision(stack.clients(), TestTopology.fixtureSpecs(), env);
        Map<String, String> settings = settings(env);
        settings.forEach(System::setProperty); // the function reads the standard settings from its environment
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap("test-publisher", settings), Clock.systemUTC());
             TrackerFunction function = new TrackerFunction()) {
            team(context, "treasury").publish(Destination.DATA_READY, dataReady("fx", date("2026-11-20"), 1));
            List<Message> received = receive(context.resources().queueUrl(QueueRole.TRACKER), 1);
            SQSEvent event = new SQSEvent();
            event.setRecords(received.stream().map(m -> toRecord(m, context.resources().queueUrl(QueueRole.TRACKER))).toList());

            SQSBatchResponse response = function.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(receive(context.resources().queueUrl(QueueRole.TRANSFORM), 1))
                    .extracting(m -> new EventCodec().decode(m.body(), JobReleased.class).data().job()).containsExactly("pin");
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    private static SQSEvent.SQSMessage toRecord(Message m, String queueUrl) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(m.messageId());
        record.setReceiptHandle(m.receiptHandle());
        record.setBody(m.body());
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
            a.setDataType("String");
            a.setStringValue(v.stringValue());
            attributes.put(k, a);
        });
        record.setMessageAttributes(attributes);
        return record;
    }

    private List<Message> receive(String queueUrl, int expected) {
        List<Message> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (expected == 0 ? 2_000 : 20_000);
        while (System.currentTimeMillis() < deadline && (expected == 0 || all.size() < expected)) {
            List<Message> batch = stack.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages();
            all.addAll(batch);
            batch.forEach(m -> stack.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    private static software.amazon.awssdk.services.sns.model.MessageAttributeValue attr(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** The publisher of upstream team {@code team}: to its ingress topic. */
    static dev.sluice.runtime.events.EventPublisher team(ServiceContext context, String team) {
        return dev.sluice.runtime.events.SnsEventPublisher.forTeam(context.aws().sns(), context.resources(), context.codec(), team);
    }

    @Test
    void aDatasetFromAnotherTeamsTopicOrAnEnvelopeLessMessageGoesToTheDlqAndReleasesNothing() throws Exception {
        String env = "ingressit";
        TestTopology.provision(stack.clients(), TestTopology.fixtureSpecs(), env);
        try (ServiceContext context = new ServiceContext(ServiceSettings.fromMap(TrackerFactory.SERVICE, settings(env)), Clock.systemUTC());
             ContainerService tracker = TrackerService.start(context)) {
            // Team shop's principal publishing treasury's fx on its own topic, with fx's routing attribute: SNS's filter
            // policy already drops it (only shop's datasets pass). Sent straight to the queue, the tracker refuses it.
            team(context, "shop").publish(Destination.DATA_READY, dataReady("fx", date("2026-11-19"), 1));
            String queue = context.resources().queueUrl(QueueRole.TRACKER);
            String forged = TrackerHandlerTest.notification(context.resources().names().ingressTopic("shop"),
                    context.codec().encode(dataReady("fx", date("2026-11-19"), 1)));
            stack.clients().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(forged));
            stack.clients().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(context.codec().encode(dataReady("fx", date("2026-11-19"), 1))));

            List<Message> dead = receive(context.resources().deadLetterQueueUrl(QueueRole.TRACKER), 2);
            assertThat(dead).extracting(m -> m.messageAttributes().get(DeadLetter.ERROR_REASON).stringValue())
                    .anySatisfy(r -> assertThat(r).startsWith("data.dataset: 'fx' is owned by team treasury: team shop may not publish it"))
                    .anySatisfy(r -> assertThat(r).startsWith("refused: the tracker takes data-ready events as SNS notifications"));
            assertThat(receive(context.resources().queueUrl(QueueRole.TRANSFORM), 0)).as("nothing released").isEmpty();
            assertThat(TestTopology.store(stack.clients(), new dev.sluice.spec.topology.TopologyDeriver().derive(TestTopology.fixtureSpecs(),
                    dev.sluice.spec.topology.TopologyOptions.defaults(env))).versionsOf("fx")).as("nothing recorded").isEmpty();
        }
    }
}
