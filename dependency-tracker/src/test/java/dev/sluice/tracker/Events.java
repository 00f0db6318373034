package dev.sluice.tracker;

import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import java.net.URI;
import java.util.List;

/** Builds data-ready events for tests. */
public final class Events {
    private Events() {
    }

    public static final DatasetSchema SCHEMA = DatasetSchema.of(List.of(new DatasetSchema.Column("id", "BIGINT", false)));

    public static EventEnvelope<DataReady> dataReady(String dataset, Partition partition, long version) {
        DataReady data = new DataReady(dataset, partition, version,
                URI.create("s3://bucket/" + dataset + "/" + partition.key() + "/v" + version + "/"), null,
                "parquet", SCHEMA, 10L, 1000L, Producer.team("upstream"));
        return EventEnvelope.of("test/upstream", dataset + "/" + partition.key(), "corr-" + dataset + "-" + version, data);
    }

    public static Partition date(String date) {
        return Partition.of("date", date);
    }
}
