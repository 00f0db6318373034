package dev.sluice.runtime.stage;

import dev.sluice.contracts.JobReleased;
import dev.sluice.contracts.Partition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory twin of {@link DynamoDbReleaseLedger}, for unit tests: it holds what {@link #record} was given. */
public final class InMemoryReleaseLedger implements ReleaseLedger {
    private final Map<String, Release> releases = new ConcurrentHashMap<>();

    /** Records {@code released} as the current release of its job partition, as the tracker would. */
    public InMemoryReleaseLedger record(JobReleased released) {
        releases.put(key(released.job(), released.partition()),
                new Release(released.runId(), released.generation(), released.inputsHash()));
        return this;
    }

    @Override
    public Optional<Release> current(String job, Partition partition) {
        return Optional.ofNullable(releases.get(key(job, partition)));
    }

    private static String key(String job, Partition partition) {
        return job + "\n" + partition.key();
    }
}
