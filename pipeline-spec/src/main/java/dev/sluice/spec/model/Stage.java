package dev.sluice.spec.model;

import java.util.Locale;

/** The stages of a job, in order. */
public enum Stage {
    EXTRACT, TRANSFORM, LOAD;

    /** The lower-case name used in routing attributes, queue names and staging paths. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
