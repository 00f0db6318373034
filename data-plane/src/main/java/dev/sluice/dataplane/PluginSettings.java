package dev.sluice.dataplane;

import dev.sluice.spec.model.ComponentSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of a plug-in's settings, where every error names the full setting and its value, e.g.
 * {@code extract.source.format: unknown format 'xml', expected csv, json, ndjson or parquet}. Nested maps (such as
 * {@code pagination}) are read through {@link #section(String)}.
 */
public final class PluginSettings {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private final Map<String, Object> values;
    private final String prefix;

    /** Settings {@code values} named under {@code prefix}; a top-level {@code type} key is not a setting. */
    public PluginSettings(Map<String, Object> values, String prefix) {
        this(values, prefix, true);
    }

    private PluginSettings(Map<String, Object> values, String prefix, boolean withoutType) {
        this.values = Map.copyOf(nonNullValues(values, withoutType));
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The settings of {@code spec} (without {@code type}), named under {@code prefix}. */
    public static PluginSettings of(ComponentSpec spec, String prefix) {
        return new PluginSettings(spec.settings(), prefix);
    }

    private static Map<String, Object> nonNullValues(Map<String, Object> values, boolean withoutType) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !(withoutType && "type".equals(k))) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** The full name of {@code key}, e.g. {@code extract.source.uri}. */
    public String name(String key) {
        return prefix + "." + key;
    }

    /** An error about {@code key}. */
    public InvalidSettingsException invalid(String key, String problem) {
        return new InvalidSettingsException(name(key), problem);
    }

    /** Fails on any setting not in {@code known}, which catches typos such as {@code delimeter}. */
    public PluginSettings onlyKnown(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw invalid(key, "unknown setting; expected one of " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw invalid(key, "expected text, got " + describe(v));
        }
        return Optional.of(String.valueOf(v));
    }

    public String requiredString(String key) {
        String v = string(key).orElseThrow(() -> invalid(key, "is required"));
        if (v.isBlank()) {
            throw invalid(key, "must not be blank");
        }
        return v;
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "expected true or false, got '" + v + "'");
        };
    }

    public long integer(String key, long defaultValue, long min, long max) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else {
            try {
                n = Long.parseLong(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw invalid(key, "expected a whole number, got '" + v + "'");
            }
        }
        if (n < min || n > max) {
            throw invalid(key, "must be between " + min + " and " + max + ", got '" + v + "'");
        }
        return n;
    }

    /** A size in bytes: {@code 5000000}, {@code 5MB}, {@code 5MiB}, {@code 512kb}, {@code 1GiB}. */
    public long bytes(String key, long defaultValue, long min, long max) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(v.get());
        if (!m.matches()) {
            throw invalid(key, "expected a size such as 5MB or 5242880, got '" + v.get() + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "kb" -> n * 1000;
            case "kib" -> n * 1024;
            case "mb" -> n * 1000 * 1000;
            case "mib" -> n * 1024 * 1024;
            case "gb" -> n * 1000 * 1000 * 1000;
            case "gib" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
        if (bytes < min || bytes > max) {
            throw invalid(key, "must be between " + min + " and " + max + " bytes, got '" + v.get() + "'");
        }
        return bytes;
    }

    /**
     * One of {@code allowed} (case-insensitive), returned in lower case.
     *
     * @param what the noun for errors, e.g. {@code format}
     */
    public String oneOf(String key, String what, String defaultValue, List<String> allowed) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String value = v.get().trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw invalid(key, "unknown " + what + " '" + v.get() + "', expected " + choices(allowed));
        }
        return value;
    }

    /** A single character, e.g. a delimiter; {@code \t} may be written as {@code tab}. */
    public char character(String key, char defaultValue) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get();
        if (s.equalsIgnoreCase("tab") || s.equals("\\t")) {
            return '\t';
        }
        if (s.length() != 1) {
            throw invalid(key, "expected a single character, got '" + s + "'");
        }
        return s.charAt(0);
    }

    /** A duration: ISO-8601 ({@code PT30S}) or short ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim();
        Duration d;
        Matcher m = SHORT_DURATION.matcher(s.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            d = Duration.ofMillis((long) millis);
        } else {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(key, "expected a duration such as PT30S, 500ms, 30s or 5m, got '" + s + "'");
            }
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, "must be between " + min + " and " + max + ", got '" + s + "'");
        }
        return d;
    }

    /** A list of texts; a single text counts as a list of one. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item == null || item instanceof Map || item instanceof List || String.valueOf(item).isBlank()) {
                    throw invalid(key + "[" + i + "]", "expected text, got " + describe(item));
                }
                out.add(String.valueOf(item).trim());
            }
            return out;
        }
        if (v instanceof Map) {
            throw invalid(key, "expected a list, got " + describe(v));
        }
        return List.of(String.valueOf(v).trim());
    }

    /** A map of text to text, e.g. HTTP headers. */
    public Map<String, String> stringMap(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid(key, "expected a map, got " + describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, value) -> {
            if (value instanceof Map || value instanceof List) {
                throw invalid(key + "." + k, "expected text, got " + describe(value));
            }
            out.put(String.valueOf(k), value == null ? "" : String.valueOf(value));
        });
        return out;
    }

    /** A nested map as settings, e.g. {@code extract.source.pagination}; empty when absent. */
    public Optional<PluginSettings> section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid(key, "expected a map, got " + describe(v));
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        map.forEach((k, value) -> nested.put(String.valueOf(k), value));
        return Optional.of(new PluginSettings(nested, name(key), false));
    }

    /** {@code a, b, c or d}. */
    public static String choices(List<String> allowed) {
        if (allowed.size() == 1) {
            return allowed.getFirst();
        }
        return String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.getLast();
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
