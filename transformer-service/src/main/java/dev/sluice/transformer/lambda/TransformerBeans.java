package dev.sluice.transformer.lambda;

import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.transformer.service.TransformerFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The transformer's beans for the Lambda runtime (small jobs): the same stage runner as the container. */
@Factory
public class TransformerBeans {
    @Singleton
    @Bean(preDestroy = "close")
    ServiceContext serviceContext() {
        return ServiceContext.fromEnvironment(TransformerFactory.SERVICE);
    }

    @Singleton
    MessageHandler messageHandler(ServiceContext context) {
        return TransformerFactory.runner(context);
    }
}
