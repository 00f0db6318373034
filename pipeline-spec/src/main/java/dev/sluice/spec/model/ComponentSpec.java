package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A plug-in reference: a {@code type} (for example {@code s3}, {@code jdbc}, {@code http},
 * {@code opensearch}) and the plug-in's own settings, which the plug-in validates.
 */
public final class ComponentSpec {
    private String type;
    private final Map<String, Object> settings = new LinkedHashMap<>();

    public ComponentSpec() {
    }

    public ComponentSpec(String type, Map<String, Object> settings) {
        this.type = type;
        this.settings.putAll(settings);
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonProperty("type")
    void setType(String type) {
        this.type = type;
    }

    @JsonAnySetter
    void set(String key, Object value) {
        settings.put(key, value);
    }

    @JsonAnyGetter
    public Map<String, Object> settings() {
        return Collections.unmodifiableMap(settings);
    }

    public Optional<Object> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public Optional<String> string(String key) {
        return setting(key).map(String::valueOf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentSpec c && java.util.Objects.equals(type, c.type) && settings.equals(c.settings);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, settings);
    }

    @Override
    public String toString() {
        return "ComponentSpec{type=" + type + ", settings=" + settings.keySet() + "}";
    }
}
