package dev.sluice.extractor.lambda;

import dev.sluice.extractor.service.ExtractorFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The extractor's beans for the Lambda runtime: the same stage runner as the container. */
@Factory
public class ExtractorBeans {
    @Singleton
    @Bean(preDestroy = "close")
    ServiceContext serviceContext() {
        return ServiceContext.fromEnvironment(ExtractorFactory.SERVICE);
    }

    @Singleton
    MessageHandler messageHandler(ServiceContext context) {
        return ExtractorFactory.runner(context);
    }
}
