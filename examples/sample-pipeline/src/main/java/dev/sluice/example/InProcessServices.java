package dev.sluice.example;

import dev.sluice.extractor.service.ExtractorService;
import dev.sluice.loader.service.LoaderService;
import dev.sluice.runtime.service.ContainerService;
import dev.sluice.runtime.service.ServiceContext;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.tracker.TrackerService;
import dev.sluice.transformer.service.TransformerService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The four services in container mode inside this JVM: one process, the fastest way to run the sample. */
public final class InProcessServices implements ServiceFleet {
    private final List<ContainerService> services = new ArrayList<>();
    private final List<ServiceContext> contexts = new ArrayList<>();

    @Override
    public String start(Map<String, String> settings) {
        services.add(TrackerService.start(context("dependency-tracker", settings)));
        services.add(ExtractorService.start(context("extractor-service", settings)));
        services.add(TransformerService.start(context("transformer-service", settings)));
        services.add(LoaderService.start(context("loader-service", settings)));
        return "dependency-tracker, extractor, transformer and loader in container mode in this JVM";
    }

    private ServiceContext context(String service, Map<String, String> settings) {
        ServiceContext context = new ServiceContext(ServiceSettings.fromMap(service, settings), Clock.systemUTC());
        contexts.add(context);
        return context;
    }

    @Override
    public void close() {
        services.forEach(ContainerService::close);
        contexts.forEach(ServiceContext::close);
    }

}
