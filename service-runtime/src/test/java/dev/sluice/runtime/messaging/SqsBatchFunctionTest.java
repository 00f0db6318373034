package dev.sluice.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Micronaut base class finds the service's beans and runs the adapter. */
class SqsBatchFunctionTest {

    static final class TestFunction extends SqsBatchFunction {
        TestFunction(ApplicationContext context) {
            super(context);
        }
    }

    @Test
    void executeDelegatesToTheMessageHandlerBean() {
        InMemoryDeadLetterForwarder deadLetters = new InMemoryDeadLetterForwarder();
        MessageHandler handler = m -> {
            if (m.body().equals("retry")) {
                throw new RetryableException("later");
            }
            if (m.body().equals("poison")) {
                throw new PoisonMessageException("never");
            }
        };
        try (ApplicationContext context = ApplicationContext.builder().properties(java.util.Map.of("aws.region", "us-east-1")).start()) {
            context.registerSingleton(MessageHandler.class, handler);
            context.registerSingleton(DeadLetterForwarder.class, deadLetters);
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(SqsLambdaAdapterTest.record("a", "ok", 1), SqsLambdaAdapterTest.record("b", "retry", 1),
                    SqsLambdaAdapterTest.record("c", "poison", 1)));

            try (TestFunction function = new TestFunction(context)) {
                SQSBatchResponse response = function.handleRequest(event, null);

                assertThat(response.getBatchItemFailures())
                        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("b");
                assertThat(deadLetters.forwarded()).extracting(d -> d.message().messageId()).containsExactly("c");
            }
        }
    }
}
