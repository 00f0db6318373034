package dev.sluice.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.runtime.messaging.DeadLetter;
import dev.sluice.runtime.messaging.FailureKind;
import dev.sluice.runtime.messaging.InMemoryDeadLetterForwarder;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.messaging.PoisonMessageException;
import dev.sluice.runtime.messaging.RetryableException;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Micronaut base class runs the service's core with everything taken from the one service context. */
class SqsBatchFunctionTest {

    static final class TestFunction extends SqsBatchFunction {
        private final MessageHandler handler;
        ServiceContext seen;

        TestFunction(ApplicationContext context, MessageHandler handler) {
            super("test-service", context);
            this.handler = handler;
        }

        @Override
        protected MessageHandler messageHandler(ServiceContext context) {
            seen = context;
            return handler;
        }
    }

    @Test
    void executeRunsTheCoreWithTheServiceContextsDeadLettersAndMaxReceiveCount(@TempDir Path specs) {
        InMemoryDeadLetterForwarder deadLetters = new InMemoryDeadLetterForwarder();
        MessageHandler handler = m -> {
            switch (m.body()) {
                case "retry" -> throw new RetryableException("later");
                case "poison" -> throw new PoisonMessageException("never");
                default -> { }
            }
        };
        ServiceSettings settings = ServiceSettings.fromMap("test-service", Map.of(
                ServiceSettings.SPECS_DIR, specs.toString(),
                "AWS_REGION", "us-east-1",
                "SLUICE_POLLER_MAX_RECEIVE_COUNT", "2"));
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of("aws.region", "us-east-1")).start();
             ServiceContext service = new ServiceContext(settings, Clock.systemUTC(), deadLetters)) {
            context.registerSingleton(ServiceContext.class, service);
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(SqsLambdaAdapterTest.record("a", "ok", 1), SqsLambdaAdapterTest.record("b", "retry", 1),
                    SqsLambdaAdapterTest.record("c", "poison", 1), SqsLambdaAdapterTest.record("d", "retry", 2)));

            try (TestFunction function = new TestFunction(context, handler)) {
                SQSBatchResponse response = function.handleRequest(event, null);

                assertThat(function.seen).isSameAs(service);
                assertThat(response.getBatchItemFailures())
                        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("b");
                // maxReceiveCount 2 comes from the context's poller options: "d" on its second receive is exhausted.
                assertThat(deadLetters.forwarded()).extracting(d -> d.message().messageId(), DeadLetter::kind)
                        .containsExactly(tuple("c", FailureKind.POISON), tuple("d", FailureKind.EXHAUSTED));
            }
        }
    }
}
