package dev.sluice.example;

import java.util.Map;

/**
 * How the sample runs the four services (tracker, extractor, transformer, loader) in container mode: all in this
 * JVM ({@link InProcessServices}, the fast default) or each as its own OS process from its packaged artifact
 * ({@link ServiceProcesses}). Both start from the same settings, the ones a container would get in its environment.
 */
public interface ServiceFleet extends AutoCloseable {

    /** Starts every service with {@code settings}; returns a one-line description of what runs. */
    String start(Map<String, String> settings);

    /** Stops every service. */
    @Override
    void close();
}
