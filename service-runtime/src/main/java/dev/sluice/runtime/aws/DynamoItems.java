package dev.sluice.runtime.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The small conversions every DynamoDB store of Sluice needs: strings, numbers, instants and nested
 * values kept as JSON strings (records of the contracts), with absent attributes as {@code null}.
 */
public final class DynamoItems {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private DynamoItems() {
    }

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** Puts a string attribute, or nothing for {@code null} (DynamoDB has no empty attributes). */
    public static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    public static String get(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    public static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A list stored by {@link #json}; empty for an absent attribute. */
    public static <T> List<T> list(String text, Class<T> type) {
        return text == null ? List.of() : read(text, JSON.getTypeFactory().constructCollectionType(List.class, type));
    }

    public static <T> T read(String text, Class<T> type) {
        return read(text, JSON.constructType(type));
    }

    private static <T> T read(String text, JavaType type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt DynamoDB attribute: " + e.getOriginalMessage(), e);
        }
    }
}
