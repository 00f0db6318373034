package dev.sluice.loader.s3;

import dev.sluice.contracts.Partition;
import dev.sluice.dataplane.S3ObjectRef;
import dev.sluice.dataplane.S3Transfer;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pointer of an extra S3 copy of a dataset, where no table holds one: the greatest manifest of a partition
 * (generations are zero-padded, so key order is generation order) is current. Writing the manifest, after the files
 * it lists, is what publishes; {@link #advance} only checks that no newer generation appeared meanwhile.
 */
public final class ManifestListingVersionStore implements DatasetVersionStore {

    private final Supplier<S3Transfer> s3;
    private final DatasetLayout layout;

    public ManifestListingVersionStore(Supplier<S3Transfer> s3, DatasetLayout layout) {
        this.s3 = s3;
        this.layout = layout;
    }

    @Override
    public Optional<CurrentVersion> current(String dataset, Partition partition) {
        return s3.get().list(layout.manifests(dataset, partition)).stream()
                .map(S3ObjectRef::uri)
                .flatMap(uri -> DatasetLayout.manifestName(uri.key()).stream()
                        .map(name -> new CurrentVersion(name.generation(), uri.toUri(),
                                layout.run(dataset, partition, name.runId()).toUri(), null, name.runId())))
                .max(Comparator.comparingLong(CurrentVersion::version).thenComparing(c -> c.manifest().toString()));
    }

    @Override
    public Advance advance(DatasetPointer pointer) {
        Optional<CurrentVersion> current = current(pointer.dataset(), pointer.partition());
        if (current.isPresent() && current.get().version() > pointer.version()) {
            return new Advance(Outcome.NEWER_PRESENT, current.get());
        }
        return new Advance(Outcome.APPLIED, pointer.asCurrent());
    }
}
