package dev.sluice.tracker.lambda;

import dev.sluice.runtime.messaging.MessageHandler;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.tracker.TrackerFactory;
import dev.sluice.tracker.core.DependencyTracker;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The tracker's beans for the Lambda runtime: the same core as the container, built once per sandbox. */
@Factory
public class TrackerBeans {
    @Singleton
    @Bean(preDestroy = "close")
    ServiceContext serviceContext() {
        return ServiceContext.fromEnvironment(TrackerFactory.SERVICE);
    }

    @Singleton
    DependencyTracker tracker(ServiceContext context) {
        return TrackerFactory.tracker(context);
    }

    @Singleton
    MessageHandler messageHandler(DependencyTracker tracker, ServiceContext context) {
        return new dev.sluice.tracker.TrackerHandler(tracker, context.codec());
    }
}
