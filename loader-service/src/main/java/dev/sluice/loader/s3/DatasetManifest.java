package dev.sluice.loader.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.Partition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of one published generation of a dataset partition: the exact files a reader must read, and nothing
 * else. A reader that follows the manifest (from the data-ready event or the dataset's CURRENT pointer) never sees a
 * partial partition: the manifest is written after every file it lists.
 *
 * <pre>{@code
 * {"manifestVersion":1,"dataset":"order_facts","partition":{"date":"2026-11-20"},"partitionKey":"date=2026-11-20",
 *  "generation":3,"runId":"run-…","job":"build_order_facts","createdAt":"2026-11-21T06:12:00Z","format":"parquet",
 *  "location":"s3://…/order_facts/date=2026-11-20/run=run-…/","rowCount":1200,"bytes":48213,
 *  "schema":{"columns":[…],"fingerprint":"sha256:…"},
 *  "files":[{"uri":"s3://…/run=run-…/part-00000.parquet","bytes":48213,"rows":1200}]}
 * }</pre>
 *
 * @param files each file with its size; {@code rows} per file is set when the output has one file
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetManifest(
        int manifestVersion,
        String dataset,
        Partition partition,
        String partitionKey,
        long generation,
        String runId,
        String job,
        Instant createdAt,
        String format,
        URI location,
        long rowCount,
        long bytes,
        DatasetSchema schema,
        List<File> files) {

    public static final int VERSION = 1;
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    public DatasetManifest {
        Objects.requireNonNull(dataset, "dataset");
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One data file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(URI uri, long bytes, Long rows) {
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DatasetManifest fromJson(byte[] json) {
        try {
            return JSON.readValue(json, DatasetManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a dataset manifest: " + e.getMessage(), e);
        }
    }
}
