package dev.sluice.spec.model;

import java.util.Objects;

/**
 * An external dataset fed by files instead of events: an S3 object-created notification whose key matches
 * {@code key} (a template with one {@code {dimension}} per partition dimension, for example
 * {@code raw/orders/date={date}/_SUCCESS}) becomes the dataset's {@code data-ready} for the partition parsed from the
 * key, located at the key's folder. The object must lie under one of the dataset's {@code locations}.
 *
 * @param key    the key template of the object that marks a partition ready (a {@code _SUCCESS} marker, a manifest)
 * @param format the data's format, as a publisher would declare it ({@code parquet} by default)
 */
public record FileArrivalSpec(String key, String format) {
    public FileArrivalSpec {
        Objects.requireNonNull(key, "key");
        format = format == null ? "parquet" : format;
    }

    /** The key as a template: its placeholders, its fixed prefix and suffix, its pattern. */
    public KeyTemplate template() {
        return new KeyTemplate(key);
    }
}
