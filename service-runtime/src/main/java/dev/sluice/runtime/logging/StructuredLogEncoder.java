package dev.sluice.runtime.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * A logback encoder writing one JSON object per line (format {@code json}, the default) or plain text for humans
 * (format {@code text}, set by {@code SLUICE_LOG_FORMAT=text} in {@code logback-json.xml}).
 *
 * <p>A JSON line holds {@code ts} (ISO-8601 UTC), {@code level}, {@code logger}, {@code message}, {@code thread}, then
 * every MDC entry as a top-level key (see {@link LogContext}: {@code runId}, {@code correlationId}, {@code job},
 * {@code partition}, {@code stage}, {@code messageId}), then the SLF4J key-value pairs of the event, then
 * {@code service} (from {@link #setService}, unless the MDC has one) and {@code exception}, the stack trace as one
 * string. A key is written once: an MDC entry or key-value pair named like an earlier key gets a {@code mdc.} or
 * {@code kv.} prefix.
 */
public final class StructuredLogEncoder extends EncoderBase<ILoggingEvent> {

    /** The output formats. */
    public enum Format { JSON, TEXT }

    public static final String DEFAULT_TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %mdc - %msg%n";

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];
    private static final String SERVICE = "service";
    private static final String EXCEPTION = "exception";
    /** Keys written after the MDC and key-value pairs, which those must not take. */
    private static final Set<String> RESERVED_KEYS = Set.of(SERVICE, EXCEPTION);

    private Format format = Format.JSON;
    private String service;
    private String textPattern = DEFAULT_TEXT_PATTERN;
    private PatternLayout textLayout;

    /** {@code json} or {@code text}, case-insensitive; anything else falls back to JSON with a warning. */
    public void setFormat(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "", "json" -> this.format = Format.JSON;
            case "text" -> this.format = Format.TEXT;
            default -> {
                this.format = Format.JSON;
                addWarn("unknown log format '" + format + "' (SLUICE_LOG_FORMAT); expected json or text; using json");
            }
        }
    }

    public Format getFormat() {
        return format;
    }

    /** The service name written on every JSON line, unless blank. */
    public void setService(String service) {
        this.service = service == null || service.isBlank() ? null : service.trim();
    }

    /** The logback pattern of the text format. */
    public void setTextPattern(String pattern) {
        this.textPattern = pattern == null || pattern.isBlank() ? DEFAULT_TEXT_PATTERN : pattern;
    }

    @Override
    public void start() {
        if (format == Format.TEXT) {
            textLayout = new PatternLayout();
            textLayout.setContext(getContext());
            textLayout.setPattern(textPattern);
            textLayout.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (textLayout != null) {
            textLayout.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (format == Format.TEXT && textLayout != null) {
            return textLayout.doLayout(event).getBytes(StandardCharsets.UTF_8);
        }
        return json(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The event as one JSON line, newline included. */
    String json(ILoggingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        fields.put("level", event.getLevel().toString());
        fields.put("logger", event.getLoggerName());
        fields.put("message", event.getFormattedMessage());
        fields.put("thread", event.getThreadName());
        Map<String, String> mdc = event.getMDCPropertyMap() == null ? Map.of() : event.getMDCPropertyMap();
        for (Map.Entry<String, String> e : new TreeMap<>(mdc).entrySet()) {
            if (e.getValue() != null && !SERVICE.equals(e.getKey())) {
                put(fields, e.getKey(), e.getValue(), "mdc.");
            }
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                if (kv.key != null) {
                    put(fields, kv.key, String.valueOf(kv.value), "kv.");
                }
            }
        }
        String serviceName = mdc.get(SERVICE) != null ? mdc.get(SERVICE) : service;
        if (serviceName != null) {
            fields.put(SERVICE, serviceName);
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            fields.put(EXCEPTION, ThrowableProxyUtil.asString(thrown));
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                json.writeStringField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** Adds a field; a key taken already (or reserved) is prefixed, unless it holds the same value. */
    private static void put(Map<String, String> fields, String key, String value, String prefix) {
        if (value.equals(fields.get(key))) {
            return;
        }
        String name = key;
        for (int n = 1; fields.containsKey(name) || RESERVED_KEYS.contains(name); n++) {
            name = prefix + key + (n == 1 ? "" : "." + n);
        }
        fields.put(name, value);
    }
}
