package dev.sluice.runtime.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.RetryDelays;
import dev.sluice.runtime.service.ServiceContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public abstract class SqsBatchFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchFunction.class);

    private final String service;
    private volatile SqsLambdaAdapter adapter;

    /** Starts a new application context (what Lambda calls). */
    protected SqsBatchFunction(String service) {
        super();
        this.service = Objects.requireNonNull(service, "service");
        // SnapStart calls beforeCheckpoint once the handler is constructed; elsewhere the registration does nothing.
        Core.getGlobalContext().register(this);
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

    /** SnapStart is about to snapshot this sandbox: do now what every first message would otherwise pay for. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("{} restored from a SnapStart snapshot", service);
    }

    /**
     * Warms what the first message needs, without sending anything: the service context (settings, specs, clients) and
     * core, the event codec and its JSON schemas (a data-ready encoded and decoded), the AWS SDK clients, then the
     * service's own part ({@link #primeService}, e.g. DuckDB's native library). Returns what it warmed, in order.
     */
    public List<String> prime() {
        long start = System.nanoTime();
        List<String> warmed = new ArrayList<>();
        adapter();
        ServiceContext context = serviceContext(getApplicationContext(), service);
        warmed.add("service context and core");
        DataReady sample = new DataReady("priming", Partition.of("date", "2026-01-01"), 1, URI.create("s3://priming/priming/"), null,
                "parquet", DatasetSchema.of(List.of()), null, null, Producer.team("priming"));
        context.codec().decode(context.codec().encode(EventEnvelope.of("sluice/priming", "priming", "priming", sample)), DataReady.class);
        warmed.add("event codec");
        context.aws().sqs();
        context.aws().sns();
        context.aws().dynamoDb();
        context.aws().s3();
        warmed.add("AWS SDK clients");
        primeService(context, warmed);
        LOG.info("{} primed in {} ms: {}", service, (System.nanoTime() - start) / 1_000_000, String.join(", ", warmed));
        return List.copyOf(warmed);
    }

    /** The service's own warming, after the shared part; adds what it warmed to {@code warmed}. */
    protected void primeService(ServiceContext context, List<String> warmed) {
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
