package dev.sluice.loader;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.settings.Lookup;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What target plug-ins get from the service.
 *
 * @param configuration  the service's settings by name (its environment): JDBC connections
 *                       ({@code SLUICE_JDBC_<NAME>_*}), OpenSearch endpoints ({@code SLUICE_OPENSEARCH_*}); returns
 *                       {@code null} when unset
 * @param aws            AWS clients, created on first use (only S3 targets need them)
 * @param duckDb         the DuckDB resources of this runtime, for reading the staged Parquet
 * @param secrets        resolves secret references (passwords)
 * @param httpClients    builds HTTP clients (tests plug in their own)
 * @param datasetsBucket the environment's bucket, where datasets live by default
 * @param clock          the time of manifests and control rows
 * @param settingPrefix  the prefix of setting names in errors, e.g. {@code jobs.j.outputs[0].targets[1]}
 * @param dataset        the output whose targets are created, or {@code null} when not known (tests of one target)
 * @param partitionDimensions the partition dimensions of {@code dataset}, in order; empty when unpartitioned or unknown
 */
public record TargetContext(
        Lookup configuration,
        Supplier<AwsClients> aws,
        DuckDbResources duckDb,
        SecretResolver secrets,
        Supplier<HttpClient.Builder> httpClients,
        String datasetsBucket,
        Clock clock,
        String settingPrefix,
        String dataset,
        List<String> partitionDimensions) {

    public static final String DEFAULT_SETTING_PREFIX = "target";

    public TargetContext {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(duckDb, "duckDb");
        Objects.requireNonNull(secrets, "secrets");
        httpClients = httpClients == null ? HttpClient::newBuilder : httpClients;
        Objects.requireNonNull(datasetsBucket, "datasetsBucket");
        clock = clock == null ? Clock.systemUTC() : clock;
        settingPrefix = settingPrefix == null ? DEFAULT_SETTING_PREFIX : settingPrefix;
        partitionDimensions = partitionDimensions == null ? List.of() : List.copyOf(partitionDimensions);
    }

    /** A context for no output in particular. */
    public TargetContext(Lookup configuration, Supplier<AwsClients> aws, DuckDbResources duckDb,
            SecretResolver secrets, Supplier<HttpClient.Builder> httpClients, String datasetsBucket, Clock clock,
            String settingPrefix) {
        this(configuration, aws, duckDb, secrets, httpClients, datasetsBucket, clock, settingPrefix, null, List.of());
    }

    /** The same context reading its settings from {@code settings}, e.g. only those a plug-in declares. */
    public TargetContext withConfiguration(Lookup settings) {
        return new TargetContext(settings, aws, duckDb, secrets, httpClients, datasetsBucket, clock, settingPrefix, dataset,
                partitionDimensions);
    }

    /** The same context naming settings under {@code prefix}. */
    public TargetContext withSettingPrefix(String prefix) {
        return new TargetContext(configuration, aws, duckDb, secrets, httpClients, datasetsBucket, clock, prefix, dataset,
                partitionDimensions);
    }

    /** The same context for the targets of output {@code dataset}, partitioned by {@code dimensions}. */
    public TargetContext forOutput(String outputDataset, List<String> dimensions) {
        return new TargetContext(configuration, aws, duckDb, secrets, httpClients, datasetsBucket, clock, settingPrefix,
                outputDataset, dimensions);
    }

    /**
     * Checks that {@code columns}, the value of setting {@code key}, include every partition dimension of the output.
     *
     * @throws InvalidSettingsException naming the setting, its value, the dimensions and {@code why}
     */
    public void requirePartitionDimensions(String key, List<String> columns, String why) {
        if (!columns.containsAll(partitionDimensions)) {
            throw new InvalidSettingsException(setting(key), columns + " must include the partition dimensions of "
                    + (dataset == null ? "the output" : dataset) + " " + partitionDimensions + ": " + why);
        }
    }

    /** The full name of a target setting, e.g. {@code jobs.j.outputs[0].targets[1].table}. */
    public String setting(String key) {
        return settingPrefix + "." + key;
    }

    /** S3 transfers on {@link #aws()}. */
    public S3Transfer s3() {
        return new S3Transfer(aws.get());
    }
}
