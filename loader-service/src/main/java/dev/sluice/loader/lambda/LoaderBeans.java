package dev.sluice.loader.lambda;

import dev.sluice.loader.LoaderFactory;
import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The loader's beans for the Lambda runtime: the same core as the container, built once per sandbox. */
@Factory
public class LoaderBeans {
    @Singleton
    @Bean(preDestroy = "close")
    ServiceContext serviceContext() {
        return ServiceContext.fromEnvironment(LoaderFactory.SERVICE);
    }

    @Singleton
    MessageHandler messageHandler(ServiceContext context) {
        return LoaderFactory.handler(context);
    }
}
