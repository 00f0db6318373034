package dev.sluice.extractor.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.extractor.ExtractResult;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code onMalformed: reject} for NDJSON: checks each line as one JSON object, copies the good lines to new files
 * and counts the bad ones (DuckDB's JSON reader has no reject tables). Memory is bounded by one line, and a line by
 * {@code maxLineBytes}.
 */
final class S3SourceNdjsonFilter {

    private static final int MAX_CONTENT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    record Result(List<Path> files, long validRows, long rejectedRows, List<Map<String, Object>> sample) {}

    private S3SourceNdjsonFilter() {}

    /**
     * @param maxLineBytes         a longer line is a {@code LimitExceeded} failure, named by {@code lineSetting}
     * @param maxDecompressedBytes a gzip file that decompresses to more is a {@code LimitExceeded} failure
     */
    static Result filter(List<S3Transfer.Downloaded> inputs, Path directory, String compression, long maxLineBytes,
            String lineSetting, long maxDecompressedBytes, String decompressedSetting) {
        List<Path> outputs = new ArrayList<>();
        List<Map<String, Object>> sample = new ArrayList<>();
        long valid = 0;
        long rejected = 0;
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < inputs.size(); i++) {
                S3Transfer.Downloaded input = inputs.get(i);
                Path out = directory.resolve(String.format("%05d.ndjson", i));
                outputs.add(out);
                boolean gzip = S3SourceLimits.isGzip(input.file(), compression);
                try (InputStream raw = Files.newInputStream(input.file());
                        InputStream in = new BufferedInputStream(gzip ? S3SourceLimits.capped(
                                new GZIPInputStream(raw, 64 * 1024), maxDecompressedBytes, decompressedSetting,
                                input.source().uri().toString()) : raw, 64 * 1024);
                        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    String line;
                    long number = 0;
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    while ((line = S3SourceLimits.readLine(in, buffer, maxLineBytes, lineSetting,
                            input.source().uri().toString(), number + 1)) != null) {
                        number++;
                        if (line.isBlank()) {
                            continue;
                        }
                        String problem = check(line);
                        if (problem == null) {
                            writer.write(line);
                            writer.write('\n');
                            valid++;
                        } else {
                            rejected++;
                            if (sample.size() < ExtractResult.MAX_REJECTED_SAMPLE) {
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("file", input.source().uri().toString());
                                row.put("line", number);
                                row.put("error", problem);
                                row.put("content", truncate(line));
                                sample.add(row);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not filter the NDJSON input", e);
        }
        return new Result(outputs, valid, rejected, sample);
    }

    /** Why {@code line} is not one JSON object, or {@code null} if it is. */
    static String check(String line) {
        try (JsonParser parser = FACTORY.createParser(line)) {
            JsonNode node = JSON.readTree(parser);
            if (node == null || !node.isObject()) {
                return "not a JSON object";
            }
            if (parser.nextToken() != null) {
                return "more than one JSON value on the line";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse("");
        } catch (IOException e) {
            return "malformed JSON: " + e.getMessage();
        }
    }

    static String truncate(String text) {
        if (text == null || text.length() <= MAX_CONTENT) {
            return text;
        }
        return text.substring(0, MAX_CONTENT) + "...";
    }
}
