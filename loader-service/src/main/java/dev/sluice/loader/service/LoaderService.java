package dev.sluice.loader.service;

import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.topology.QueueRole;

/**
 * Container mode: long-polls the load queue. In AWS the same core runs as
 * {@link dev.sluice.loader.lambda.LoaderFunction}.
 */
public final class LoaderService {
    private LoaderService() {
    }

    /** Starts the loader's consumer on {@code context}; close the result to stop. */
    public static ContainerService start(ServiceContext context) {
        return new ContainerService(context)
                .consume(QueueRole.LOAD, LoaderFactory.handler(context))
                .start();
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceContext context = ServiceContext.fromEnvironment(LoaderFactory.SERVICE);
        start(context).runUntilShutdown();
    }
}
