package dev.sluice.extractor.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page with a streaming parser: each record under {@code recordsPath} is written as one NDJSON line as
 * soon as it is parsed, and the cursor under {@code cursorPath} (if any) is kept. Memory is bounded by one record.
 */
final class HttpSourcePageReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** What a page held: how many records, and the next cursor ({@code null} when absent, null or empty). */
    record Result(long records, String cursor) {}

    private final HttpSourceJsonPath recordsPath;
    private final HttpSourceJsonPath cursorPath;
    private long records;
    private String cursor;

    private HttpSourcePageReader(HttpSourceJsonPath recordsPath, HttpSourceJsonPath cursorPath) {
        this.recordsPath = recordsPath;
        this.cursorPath = cursorPath;
    }

    /**
     * @throws IOException for a body that is not JSON
     * @throws IllegalStateException when {@code recordsPath} holds something other than an array
     */
    static Result read(Path body, HttpSourceJsonPath recordsPath, HttpSourceJsonPath cursorPath, Writer out)
            throws IOException {
        HttpSourcePageReader reader = new HttpSourcePageReader(recordsPath, cursorPath);
        try (JsonParser parser = FACTORY.createParser(body.toFile())) {
            if (parser.nextToken() == null) {
                throw new IOException("empty body");
            }
            reader.value(parser, new ArrayList<>(), out);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value in the body");
            }
        }
        return new Result(reader.records, reader.cursor);
    }

    private void value(JsonParser p, List<String> path, Writer out) throws IOException {
        JsonToken token = p.currentToken();
        if (recordsPath.is(path)) {
            if (token == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode record = JSON.readTree(p);
                    if (!record.isObject()) {
                        ObjectNode wrapped = JSON.createObjectNode();
                        wrapped.set("value", record);
                        record = wrapped;
                    }
                    out.write(JSON.writeValueAsString(record));
                    out.write('\n');
                    records++;
                }
            } else if (token != JsonToken.VALUE_NULL) {
                throw new IllegalStateException("the records at " + recordsPath.text() + " are not an array but "
                        + describe(token));
            }
            return;
        }
        if (cursorPath != null && cursorPath.is(path)) {
            if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                String text = p.getText();
                cursor = text == null || text.isEmpty() ? null : text;
            } else {
                p.skipChildren();
            }
            return;
        }
        boolean descend = token == JsonToken.START_OBJECT
                && (recordsPath.startsWith(path) || (cursorPath != null && cursorPath.startsWith(path)));
        if (!descend) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            path.add(name);
            value(p, path, out);
            path.removeLast();
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> token.toString();
        };
    }
}
