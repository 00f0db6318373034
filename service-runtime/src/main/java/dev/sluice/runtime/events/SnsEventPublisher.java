package dev.sluice.runtime.events;

import dev.sluice.contracts.EventCodec;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.MessageAttributes;
import dev.sluice.runtime.topology.AwsResources;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes events to the environment's SNS topics, validated by {@link EventCodec#encode}. Sluice's services publish
 * {@code data-ready} to the data-ready topic; an upstream team's publisher ({@link #forTeam}) to the team's ingress
 * topic, the only topic the tracker accepts that team's external datasets from.
 */
public final class SnsEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SnsEventPublisher.class);

    private final SnsClient sns;
    private final AwsResources resources;
    private final EventCodec codec;
    private final String team;

    public SnsEventPublisher(SnsClient sns, AwsResources resources, EventCodec codec) {
        this(sns, resources, codec, null);
    }

    private SnsEventPublisher(SnsClient sns, AwsResources resources, EventCodec codec, String team) {
        this.sns = sns;
        this.resources = resources;
        this.codec = codec;
        this.team = team;
    }

    /** A publisher for upstream team {@code team}: its data-ready events go to the team's ingress topic. */
    public static SnsEventPublisher forTeam(SnsClient sns, AwsResources resources, EventCodec codec, String team) {
        return new SnsEventPublisher(sns, resources, codec, java.util.Objects.requireNonNull(team, "team"));
    }

    @Override
    public void publish(Destination destination, EventEnvelope<?> event, Map<String, String> extraAttributes) {
        String body = EventPublisher.encodeOwn(codec, event);
        Map<String, String> attributes = MessageAttributes.published(event, extraAttributes);
        Map<String, MessageAttributeValue> sns = new LinkedHashMap<>();
        attributes.forEach((k, v) -> sns.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        String topicArn = switch (destination) {
            case DATA_READY -> team == null ? resources.dataReadyTopicArn() : resources.ingressTopicArn(team);
            case PIPELINE_EVENTS -> resources.pipelineEventsTopicArn();
        };
        String messageId = this.sns.publish(b -> b.topicArn(topicArn).message(body).messageAttributes(sns)).messageId();
        LOG.info("published {} subject={} id={} sns={} attributes={}", event.type().type(), event.subject(), event.id(), messageId, attributes);
    }
}
