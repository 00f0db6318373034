package dev.sluice.runtime.service;

import dev.sluice.contracts.EventCodec;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.runtime.aws.AwsSettings;
import dev.sluice.runtime.events.EventPublisher;
import dev.sluice.runtime.events.SnsEventPublisher;
import dev.sluice.runtime.messaging.DeadLetterForwarder;
import dev.sluice.runtime.messaging.PollerOptions;
import dev.sluice.runtime.messaging.SqsDeadLetterForwarder;
import dev.sluice.runtime.topology.AwsResources;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.topology.TopologyNames;
import java.time.Clock;

/**
 * What a service's core is built from: validated specs, AWS clients from configuration, the
 * environment's resources, the event publisher and the dead-letter forwarder. Both runtimes (container
 * and Lambda) build their core from one of these, so they share the same wiring.
 *
 * <p>Everything is validated at construction: bad specs or settings stop the service before it takes a
 * message.
 */
public final class ServiceContext implements AutoCloseable {
    private final ServiceSettings settings;
    private final PipelineSpecs specs;
    private final AwsClients aws;
    private final AwsResources resources;
    private final EventPublisher publisher;
    private final DeadLetterForwarder deadLetters;
    private final PollerOptions pollerOptions;
    private final EventCodec codec = new EventCodec();
    private final Clock clock;

    public ServiceContext(ServiceSettings settings, Clock clock) {
        this(settings, clock, null);
    }

    /**
     * A context whose dead letters go to {@code deadLetters} instead of the source queues' dead-letter queues
     * ({@code null} for those), e.g. an in-memory forwarder in tests.
     */
    public ServiceContext(ServiceSettings settings, Clock clock, DeadLetterForwarder deadLetters) {
        this.settings = settings;
        this.clock = clock;
        this.specs = PipelineSpecs.load(settings.specsDir());
        this.pollerOptions = PollerOptions.from(settings.lookup());
        this.aws = new AwsClients(AwsSettings.from(settings.lookup()));
        this.resources = new AwsResources(new TopologyNames(settings.env()), aws.sns(), aws.sqs());
        this.publisher = new SnsEventPublisher(aws.sns(), resources, codec);
        this.deadLetters = deadLetters != null ? deadLetters : new SqsDeadLetterForwarder(aws.sqs(), resources);
    }

    public static ServiceContext fromEnvironment(String service) {
        return new ServiceContext(ServiceSettings.fromEnvironment(service), Clock.systemUTC());
    }

    public ServiceSettings settings() {
        return settings;
    }

    public String service() {
        return settings.service();
    }

    public PipelineSpecs specs() {
        return specs;
    }

    public AwsClients aws() {
        return aws;
    }

    public AwsResources resources() {
        return resources;
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public DeadLetterForwarder deadLetters() {
        return deadLetters;
    }

    public PollerOptions pollerOptions() {
        return pollerOptions;
    }

    public EventCodec codec() {
        return codec;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        aws.close();
    }
}
