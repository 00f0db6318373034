package dev.sluice.extractor;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.DuckDbSession;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.model.ComponentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Helpers shared by the source tests. */
public final class TestSources {

    private TestSources() {}

    /** Small DuckDB resources that spill under {@code dir}. */
    public static DuckDbResources duckDb(Path dir) {
        return DuckDbResources.fromEnvironment()
                .withMemoryLimit(256L * 1024 * 1024)
                .withThreads(2)
                .withTempDirectory(dir.resolve("spill"));
    }

    /** A context whose configuration (and env: secrets) is {@code configuration}; S3 through {@code aws} if given. */
    public static SourceContext context(Map<String, String> configuration, AwsClients aws, Path dir) {
        return new SourceContext(configuration::get, duckDb(dir),
                () -> {
                    if (aws == null) {
                        throw new IllegalStateException("no S3 in this test");
                    }
                    return new S3Transfer(aws);
                },
                SecretResolvers.fromConfiguration(configuration::get));
    }

    /** A spec from YAML-like pairs: {@code spec("s3", "uri", "s3://...", ...)}. */
    public static ComponentSpec spec(String type, Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> settings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ComponentSpec(type, settings);
    }

    /** The rows of a query over the Parquet file ({@code ?} is the file), read back with DuckDB. */
    public static List<Map<String, Object>> rows(Path parquet, String sqlWithFile, Path dir) {
        try (DuckDbSession db = DuckDbSession.open(duckDb(dir))) {
            return db.query(sqlWithFile, parquet);
        }
    }
}
