package dev.sluice.transformer.service;

import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.topology.QueueRole;

/**
 * Container mode of the transformer: long-polls the transform queue, and the transform-large queue when
 * some job is {@code large} (container workers are where large jobs run).
 */
public final class TransformerService {
    private TransformerService() {
    }

    public static ContainerService start(ServiceContext context) {
        var runner = TransformerFactory.runner(context);
        ContainerService service = new ContainerService(context).consume(QueueRole.TRANSFORM, runner);
        if (context.specs().jobs().stream().anyMatch(j -> j.sizeClass() != SizeClass.SMALL)) {
            service.consume(QueueRole.TRANSFORM_LARGE, runner);
        }
        return service.start();
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceContext context = ServiceContext.fromEnvironment(TransformerFactory.SERVICE);
        start(context).runUntilShutdown();
    }
}
