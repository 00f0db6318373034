package dev.sluice.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** A stage of a job, in the order they run. Wire names are lowercase. */
public enum Stage {
    @JsonProperty("extract") EXTRACT,
    @JsonProperty("transform") TRANSFORM,
    @JsonProperty("load") LOAD;

    /** The wire name, e.g. {@code transform}; also the value of the {@code stage} message attribute. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
