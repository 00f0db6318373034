package dev.sluice.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.contracts.DataReady;
import dev.sluice.contracts.DatasetSchema;
import dev.sluice.contracts.EventEnvelope;
import dev.sluice.contracts.Partition;
import dev.sluice.contracts.Producer;
import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.FileArrivalSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns S3 object-created notifications into {@code data-ready} events for the datasets fed by files
 * ({@code fileArrival:} in a dataset spec): the object's key is matched against each such dataset's key template, the
 * partition is parsed from it, the data's location is the key's folder, and the version is the event's time in epoch
 * milliseconds (a re-upload of the marker is a newer version; S3's {@code sequencer} orders events of one key but is
 * longer than the 2^53 a version may hold, so it is kept in the event's subject for tracing only). The object must lie
 * under one of the dataset's declared {@code locations} ({@code {bucket}} is the environment's data bucket).
 */
public final class FileArrivals {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "sluice/dependency-tracker/file-arrival";

    private record Template(DatasetSpec dataset, FileArrivalSpec arrival, Pattern pattern, List<String> dimensions) {
    }

    private final List<Template> templates = new ArrayList<>();
    private final String dataBucket;

    public FileArrivals(PipelineSpecs specs, String dataBucket) {
        this.dataBucket = dataBucket;
        for (DatasetSpec dataset : specs.datasets()) {
            dataset.fileArrivalSpec().ifPresent(arrival -> templates.add(template(dataset, arrival)));
        }
    }

    private static Template template(DatasetSpec dataset, FileArrivalSpec arrival) {
        return new Template(dataset, arrival, arrival.template().pattern(), arrival.template().placeholders());
    }

    /**
     * The data-ready events of an S3 event notification ({@code {"Records": [...]}}); S3's test event gives none.
     *
     * @throws IllegalArgumentException naming the field and the value when the notification is not an S3 object-created
     *                                  event, or an object matches no file-fed dataset or lies outside its locations
     */
    public List<EventEnvelope<DataReady>> dataReady(String notification) {
        JsonNode root;
        try {
            root = JSON.readTree(notification);
        } catch (IOException e) {
            throw new IllegalArgumentException("file arrival: not JSON: " + e.getMessage(), e);
        }
        if (root.path("Event").asText().equals("s3:TestEvent")) {
            return List.of();
        }
        JsonNode records = root.path("Records");
        if (!records.isArray() || records.isEmpty()) {
            throw new IllegalArgumentException("file arrival: Records: an S3 event notification has a non-empty Records array");
        }
        List<EventEnvelope<DataReady>> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(dataReady(records.get(i), "Records[" + i + "]"));
        }
        return out;
    }

    private EventEnvelope<DataReady> dataReady(JsonNode record, String at) {
        String source = record.path("eventSource").asText();
        if (!source.equals("aws:s3")) {
            throw new IllegalArgumentException("file arrival: " + at + ".eventSource: expected aws:s3, not '" + source + "'");
        }
        String name = record.path("eventName").asText();
        if (!name.startsWith("ObjectCreated:")) {
            throw new IllegalArgumentException("file arrival: " + at + ".eventName: only ObjectCreated events release data, not '" + name + "'");
        }
        String bucket = record.path("s3").path("bucket").path("name").asText();
        // S3 URL-encodes the key in notifications (a space is '+').
        String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
        Instant time;
        try {
            time = Instant.parse(record.path("eventTime").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("file arrival: " + at + ".eventTime: not an ISO-8601 instant: '" + record.path("eventTime").asText() + "'");
        }
        String object = "s3://" + bucket + "/" + key;
        for (Template t : templates) {
            Matcher m = t.pattern().matcher(key);
            if (!m.matches()) {
                continue;
            }
            if (t.dataset().locations().stream().map(l -> l.replace("{bucket}", dataBucket)).noneMatch(object::startsWith)) {
                throw new IllegalArgumentException("file arrival: " + at + ".s3: " + object + " matches dataset '" + t.dataset().name()
                        + "' but lies outside its locations " + t.dataset().locations());
            }
            Map<String, String> dims = new LinkedHashMap<>();
            for (int g = 0; g < t.dimensions().size(); g++) {
                dims.put(t.dimensions().get(g), m.group(g + 1));
            }
            Partition p = Partition.of(dims);
            URI folder = URI.create("s3://" + bucket + "/" + key.substring(0, key.lastIndexOf('/') + 1));
            DataReady ready = new DataReady(t.dataset().name(), p, time.toEpochMilli(), folder, null, t.arrival().format(),
                    DatasetSchema.of(List.of()), null, null, Producer.team(Optional.ofNullable(t.dataset().owner()).orElse("file-arrival")));
            String sequencer = record.path("s3").path("object").path("sequencer").asText("");
            return EventEnvelope.of(SOURCE, t.dataset().name() + "/" + p.key() + (sequencer.isEmpty() ? "" : "@" + sequencer),
                    "file-" + t.dataset().name() + "-" + p.key(), ready);
        }
        throw new IllegalArgumentException("file arrival: " + at + ".s3.object.key: " + object + " matches no dataset's fileArrival key");
    }
}
