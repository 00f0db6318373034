package dev.sluice.extractor.service;

import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.spec.topology.QueueRole;

/** Container mode of the extractor: long-polls the extract queue. */
public final class ExtractorService {
    private ExtractorService() {
    }

    public static ContainerService start(ServiceContext context) {
        return new ContainerService(context).consume(QueueRole.EXTRACT, ExtractorFactory.runner(context)).start();
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceContext context = ServiceContext.fromEnvironment(ExtractorFactory.SERVICE);
        start(context).runUntilShutdown();
    }
}
