package dev.sluice.transformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Inputs and outputs in the local file system ({@code file:} URIs), for tests, benchmarks and local runs. Inputs
 * are read in place, without a copy; an output is moved to its target.
 */
public final class LocalStagingStore implements StagingStore {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public List<StoredObject> resolve(URI location) {
        Path path = Path.of(location);
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    return walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                            .sorted()
                            .map(LocalStagingStore::object)
                            .toList();
                }
            }
            return Files.isRegularFile(path) ? List.of(object(path)) : List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("Could not list " + path, e instanceof IOException io ? io
                    : ((UncheckedIOException) e).getCause());
        }
    }

    @Override
    public List<Path> fetch(List<StoredObject> objects, Path directory) {
        return objects.stream().map(o -> Path.of(o.uri())).toList();
    }

    @Override
    public StoredObject store(Path file, URI target) {
        Path to = Path.of(target);
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.move(file, to, StandardCopyOption.REPLACE_EXISTING);
            return object(to);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store " + file + " at " + to, e);
        }
    }

    private static StoredObject object(Path file) {
        try {
            return new StoredObject(file.toAbsolutePath().toUri(), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
