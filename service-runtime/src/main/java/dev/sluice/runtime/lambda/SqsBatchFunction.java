package dev.sluice.runtime.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.RetryDelays;
import dev.sluice.runtime.service.ServiceContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.Objects;

/**
 * The base of a service's Lambda handler: Micronaut's {@link MicronautRequestHandler} for an SQS event with partial
 * batch responses, whose {@link #execute} runs the service's core through a {@link SqsLambdaAdapter}.
 *
 * <pre>{@code
 * public class ExtractorFunction extends SqsBatchFunction {      // the Lambda handler class
 *     public ExtractorFunction() {
 *         super(ExtractorFactory.SERVICE);
 *     }
 *
 *     @Override
 *     protected MessageHandler messageHandler(ServiceContext context) {
 *         return ExtractorFactory.runner(context);
 *     }
 * }
 * }</pre>
 *
 * <p>Everything comes from the one {@link ServiceContext} of the sandbox, as in the container runtime: the AWS
 * clients, the dead-letter forwarder, the retry delays (ChangeMessageVisibility on its SQS client) and
 * {@code maxReceiveCount} (its {@link ServiceContext#pollerOptions()}, which must match the queue's redrive policy).
 *
 * <p>This class needs {@code io.micronaut.aws:micronaut-function-aws} on the class path, which service-runtime
 * declares as optional: a service deploying to Lambda declares it itself.
 */
public abstract class SqsBatchFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    private final String service;
    private volatile SqsLambdaAdapter adapter;

    /** Starts a new application context (what Lambda calls). */
    protected SqsBatchFunction(String service) {
        super();
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Uses an existing application context, e.g. in tests. */
    protected SqsBatchFunction(String service, ApplicationContext applicationContext) {
        super(applicationContext);
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return adapter().handle(event);
    }

    /** The service's core, built from its context. */
    protected abstract MessageHandler messageHandler(ServiceContext context);

    /** The adapter, made on first use from the service context. */
    protected SqsLambdaAdapter adapter() {
        SqsLambdaAdapter a = adapter;
        if (a == null) {
            synchronized (this) {
                a = adapter;
                if (a == null) {
                    ServiceContext context = serviceContext(getApplicationContext(), service);
                    a = new SqsLambdaAdapter(messageHandler(context), context.deadLetters(),
                            context.pollerOptions().maxReceiveCount(), RetryDelays.sqs(context.aws()::sqs));
                    adapter = a;
                }
            }
        }
        return a;
    }

    /**
     * The service's {@link ServiceContext} (settings, specs, clients, publisher, dead letters): the application
     * context's bean if it has one (a test registers its own), otherwise built from the environment once per sandbox
     * and kept as a singleton of the application context, which closes it.
     */
    public static ServiceContext serviceContext(ApplicationContext context, String service) {
        synchronized (context) {
            return context.findBean(ServiceContext.class).orElseGet(() -> {
                ServiceContext created = ServiceContext.fromEnvironment(service);
                context.registerSingleton(ServiceContext.class, created);
                return created;
            });
        }
    }
}
