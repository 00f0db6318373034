package dev.sluice.runtime.messaging;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.aws.AwsClients;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * The base of a service's Lambda handler: Micronaut's {@link MicronautRequestHandler} for an SQS event with partial
 * batch responses, whose {@link #execute} runs the service's {@link MessageHandler} bean through a
 * {@link SqsLambdaAdapter}.
 *
 * <pre>{@code
 * public class ExtractorFunction extends SqsBatchFunction {      // the Lambda handler class
 *     @Override
 *     protected MessageHandler messageHandler(ApplicationContext context) {
 *         return ExtractorFactory.runner(serviceContext(context, ExtractorFactory.SERVICE));
 *     }
 * }
 * }</pre>
 *
 * <p>What it looks up in the application context, on the first invocation:
 * <ul>
 *   <li>{@link MessageHandler}: the service's core, from {@link #messageHandler} (by default the bean);
 *   <li>{@link DeadLetterForwarder}: optional; by default an {@link SqsDeadLetterForwarder} on the
 *       {@link AwsClients} bean, or on clients from the environment when there is no such bean.
 * </ul>
 * {@code maxReceiveCount} comes from {@code SLUICE_POLLER_MAX_RECEIVE_COUNT} (see {@link PollerOptions}), which must
 * match the queue's redrive policy.
 *
 * <p>This class needs {@code io.micronaut.aws:micronaut-function-aws} on the class path, which service-runtime
 * declares as optional: a service deploying to Lambda declares it itself.
 */
public abstract class SqsBatchFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    private volatile SqsLambdaAdapter adapter;

    /** Starts a new application context (what Lambda calls). */
    protected SqsBatchFunction() {
        super();
    }

    /** Uses an existing application context, e.g. in tests. */
    protected SqsBatchFunction(ApplicationContext applicationContext) {
        super(applicationContext);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return adapter().handle(event);
    }

    /** The adapter, made on first use from the application context's beans. */
    protected SqsLambdaAdapter adapter() {
        SqsLambdaAdapter a = adapter;
        if (a == null) {
            synchronized (this) {
                a = adapter;
                if (a == null) {
                    ApplicationContext context = getApplicationContext();
                    a = new SqsLambdaAdapter(messageHandler(context), deadLetterForwarder(context), maxReceiveCount(), retryDelays(context));
                    adapter = a;
                }
            }
        }
        return a;
    }

    /**
     * The service's {@link dev.sluice.runtime.service.ServiceContext} (specs, clients, publisher), built from the
     * environment once per sandbox and kept as a singleton of the application context, which closes it.
     */
    public static dev.sluice.runtime.service.ServiceContext serviceContext(ApplicationContext context, String service) {
        synchronized (context) {
            return context.findBean(dev.sluice.runtime.service.ServiceContext.class).orElseGet(() -> {
                var created = dev.sluice.runtime.service.ServiceContext.fromEnvironment(service);
                context.registerSingleton(dev.sluice.runtime.service.ServiceContext.class, created);
                return created;
            });
        }
    }

    /** The service's core: the {@link MessageHandler} bean, unless a subclass builds it. */
    protected MessageHandler messageHandler(ApplicationContext context) {
        return context.getBean(MessageHandler.class);
    }

    /** The {@link DeadLetterForwarder} bean, or one on SQS. */
    protected DeadLetterForwarder deadLetterForwarder(ApplicationContext context) {
        return context.findBean(DeadLetterForwarder.class).orElseGet(() -> new SqsDeadLetterForwarder(clients(context).sqs()));
    }

    /** The {@link RetryDelays} bean, or one on SQS: a handler's retry delay shortens the wait for redelivery. */
    protected RetryDelays retryDelays(ApplicationContext context) {
        return context.findBean(RetryDelays.class).orElseGet(() -> RetryDelays.sqs(() -> clients(context).sqs()));
    }

    private static AwsClients clients(ApplicationContext context) {
        return context.findBean(AwsClients.class).orElseGet(() -> {
            AwsClients fromEnvironment = AwsClients.fromEnvironment();
            context.registerSingleton(AwsClients.class, fromEnvironment);
            return fromEnvironment;
        });
    }

    /** The receive on which a retryable failure is dead-lettered: {@code SLUICE_POLLER_MAX_RECEIVE_COUNT}, 5 by default. */
    protected int maxReceiveCount() {
        return PollerOptions.fromEnvironment().maxReceiveCount();
    }
}
