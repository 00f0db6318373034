package dev.sluice.spec.model;

/**
 * When a job is released.
 *
 * @param type                 only {@code all-of}: every input for the partition must be present
 * @param releaseOnRepublish   release a new generation when an input is re-published with a newer version
 */
public record TriggerSpec(String type, Boolean releaseOnRepublish) {
    public static final String ALL_OF = "all-of";
    public static final TriggerSpec DEFAULT = new TriggerSpec(ALL_OF, true);

    public TriggerSpec {
        type = type == null ? ALL_OF : type;
        releaseOnRepublish = releaseOnRepublish == null ? Boolean.TRUE : releaseOnRepublish;
    }
}
