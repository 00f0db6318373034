package dev.sluice.loader.s3;

import dev.sluice.contracts.Partition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory twin of {@link DynamoDbDatasetVersionStore}, for unit tests; atomic per partition. */
public final class InMemoryDatasetVersionStore implements DatasetVersionStore {

    private final Map<String, DatasetPointer> pointers = new ConcurrentHashMap<>();

    @Override
    public Optional<CurrentVersion> current(String dataset, Partition partition) {
        return Optional.ofNullable(pointers.get(key(dataset, partition))).map(DatasetPointer::asCurrent);
    }

    @Override
    public Advance advance(DatasetPointer pointer) {
        Advance[] outcome = new Advance[1];
        pointers.compute(key(pointer.dataset(), pointer.partition()), (k, stored) -> {
            if (stored == null || stored.version() < pointer.version()) {
                outcome[0] = new Advance(Outcome.APPLIED, pointer.asCurrent());
                return pointer;
            }
            outcome[0] = new Advance(stored.version() == pointer.version() ? Outcome.SAME_VERSION : Outcome.NEWER_PRESENT,
                    stored.asCurrent());
            return stored;
        });
        return outcome[0];
    }

    private static String key(String dataset, Partition partition) {
        return dataset + "#" + partition.key();
    }
}
